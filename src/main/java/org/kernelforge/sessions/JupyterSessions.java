package org.kernelforge.sessions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.sessions.SessionRecords.Live;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Jupyter Server's "sessions": a notebook path bound to a kernel, through which JupyterLab and VS Code create and
 * find kernels. Recorded in the database ({@link BindingRow}), so every replica lists and finds them wherever their
 * kernels run; a session whose kernel has ended (or whose replica died) is gone.
 */
@ApplicationScoped
class JupyterSessions {

    /** One binding, owned by the kernel's owner. */
    record Binding(String id, long ownerId, String path, String name, String type, String kernelId) {

        Binding with(String newPath, String newName, String newType, String newKernelId) {
            return new Binding(id, ownerId, newPath == null ? path : newPath, newName == null ? name : newName,
                    newType == null ? type : newType, newKernelId == null ? kernelId : newKernelId);
        }

        static Binding of(BindingRow row) {
            return new Binding(row.id, row.ownerId, row.path, row.name, row.type, row.kernelId);
        }
    }

    /** A session as Jupyter Server's API shows it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SessionModel(String id, String path, String name, String type, KernelModel kernel, Map<String, String> notebook) {
    }

    private static final int MAX_TEXT = 4096;
    private static final int MAX_TYPE = 255;

    private final SessionRegistry registry;
    private final SessionRecords records;
    private final SessionsConfig config;

    JupyterSessions(SessionRegistry registry, SessionRecords records, SessionsConfig config) {
        this.registry = registry;
        this.records = records;
        this.config = config;
    }

    /** The caller's sessions whose kernels are live on a live replica, by path, as models. */
    List<SessionModel> modelsOf(long ownerId) {
        Map<String, Live> kernels = liveKernels(ownerId);
        return bindingsOf(ownerId, kernels).stream().map(b -> model(b, kernels.get(b.kernelId()))).toList();
    }

    Optional<Binding> byPath(long ownerId, String path) {
        return bindingsOf(ownerId, liveKernels(ownerId)).stream()
                .filter(b -> b.path() != null && b.path().equals(path)).findFirst();
    }

    /** The caller's session with this id whose kernel is live, on any live replica; anyone else's, or none, is 404. */
    Binding owned(String id, long ownerId) {
        return kernelOf(id, ownerId).flatMap(binding -> live(binding.kernelId(), ownerId).map(live -> binding))
                .orElseThrow(() -> ProblemException.notFound("You have no session " + id
                        + "; list yours at GET /jupyter/api/sessions"));
    }

    /** The binding with this id if it is the owner's, whatever its kernel's state (for routing its requests). */
    Optional<Binding> kernelOf(String id, long ownerId) {
        if (id == null) {
            return Optional.empty();
        }
        return QuarkusTransaction.requiringNew().call(() -> BindingRow.<BindingRow>findByIdOptional(id)
                .filter(row -> row.ownerId == ownerId).map(Binding::of));
    }

    /** A live kernel of the owner's (not starting), on any live replica, or 404: what a binding may point to. */
    Live kernel(String kernelId, long ownerId) {
        return live(kernelId, ownerId).orElseThrow(() -> ProblemException.notFound("You have no kernel " + kernelId
                + "; list yours at GET /jupyter/api/kernels"));
    }

    Binding bind(long ownerId, String path, String name, String type, String kernelId) {
        Binding binding = checked(new Binding(UUID.randomUUID().toString(), ownerId, path, name, type, kernelId));
        QuarkusTransaction.requiringNew().run(() -> {
            BindingRow row = new BindingRow();
            row.id = binding.id();
            row.ownerId = ownerId;
            row.createdAt = Instant.now();
            write(row, binding);
            row.persist();
        });
        return binding;
    }

    Binding update(Binding binding) {
        checked(binding);
        QuarkusTransaction.requiringNew().run(() -> BindingRow.<BindingRow>findByIdOptional(binding.id())
                .ifPresent(row -> write(row, binding)));
        return binding;
    }

    void remove(String id) {
        QuarkusTransaction.requiringNew().run(() -> BindingRow.deleteById(id));
    }

    SessionModel model(Binding binding) {
        return model(binding, kernel(binding.kernelId(), binding.ownerId()));
    }

    /** Its kernel as it is now when it runs here, else as recorded (execution state {@code unknown}). */
    private SessionModel model(Binding binding, Live live) {
        KernelModel kernel = registry.find(binding.kernelId(), binding.ownerId())
                .map(here -> KernelModel.of(here, config.idleTimeout()))
                .orElseGet(() -> KernelModel.recorded(live, config.idleTimeout()));
        return new SessionModel(binding.id(), binding.path(), binding.name() == null ? "" : binding.name(),
                binding.type() == null ? "notebook" : binding.type(), kernel,
                Map.of("path", binding.path() == null ? "" : binding.path(), "name", binding.name() == null ? "" : binding.name()));
    }

    private Optional<Live> live(String kernelId, long ownerId) {
        return Optional.ofNullable(kernelId == null ? null : liveKernels(ownerId).get(kernelId));
    }

    private Map<String, Live> liveKernels(long ownerId) {
        return records.liveOf(ownerId).stream().filter(live -> !live.starting())
                .collect(Collectors.toMap(Live::id, Function.identity()));
    }

    private static List<Binding> bindingsOf(long ownerId, Map<String, Live> kernels) {
        List<BindingRow> rows = QuarkusTransaction.requiringNew().call(() -> BindingRow.list("ownerId", ownerId));
        return rows.stream().filter(row -> kernels.containsKey(row.kernelId)).map(Binding::of)
                .sorted(Comparator.comparing(Binding::path, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
    }

    /** 400 naming the field that does not fit its column (V27). */
    private static Binding checked(Binding binding) {
        fits("path", binding.path(), MAX_TEXT);
        fits("name", binding.name(), MAX_TEXT);
        fits("type", binding.type(), MAX_TYPE);
        return binding;
    }

    private static void fits(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ProblemException.badRequest(field, field + " may be at most " + max + " characters long");
        }
    }

    private static void write(BindingRow row, Binding binding) {
        row.path = binding.path();
        row.name = binding.name();
        row.type = binding.type();
        row.kernelId = binding.kernelId();
    }
}
