package org.kernelforge.sessions;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.ProblemException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jupyter Server's "sessions": a notebook path bound to a kernel, through which JupyterLab and VS Code create and
 * find kernels. Kept in memory like the kernels; a session whose kernel has ended is gone.
 */
@ApplicationScoped
class JupyterSessions {

    /** One binding, owned by the kernel's owner. */
    record Binding(String id, long ownerId, String path, String name, String type, String kernelId) {

        Binding with(String newPath, String newName, String newType, String newKernelId) {
            return new Binding(id, ownerId, newPath == null ? path : newPath, newName == null ? name : newName,
                    newType == null ? type : newType, newKernelId == null ? kernelId : newKernelId);
        }
    }

    /** A session as Jupyter Server's API shows it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SessionModel(String id, String path, String name, String type, KernelModel kernel, Map<String, String> notebook) {
    }

    private final SessionRegistry registry;
    private final SessionsConfig config;
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

    JupyterSessions(SessionRegistry registry, SessionsConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** The caller's live bindings, oldest kernels first; those whose kernel ended are dropped. */
    List<Binding> of(long ownerId) {
        bindings.values().removeIf(b -> registry.find(b.kernelId(), b.ownerId()).isEmpty());
        return bindings.values().stream().filter(b -> b.ownerId() == ownerId)
                .sorted(Comparator.comparing(Binding::path, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
    }

    Optional<Binding> byPath(long ownerId, String path) {
        return of(ownerId).stream().filter(b -> b.path() != null && b.path().equals(path)).findFirst();
    }

    Binding owned(String id, long ownerId) {
        Binding binding = bindings.get(id);
        if (binding == null || binding.ownerId() != ownerId || registry.find(binding.kernelId(), ownerId).isEmpty()) {
            throw ProblemException.notFound("You have no session " + id + "; list yours at GET /jupyter/api/sessions");
        }
        return binding;
    }

    Binding bind(long ownerId, String path, String name, String type, String kernelId) {
        Binding binding = new Binding(UUID.randomUUID().toString(), ownerId, path, name, type, kernelId);
        bindings.put(binding.id(), binding);
        return binding;
    }

    Binding update(Binding binding) {
        bindings.put(binding.id(), binding);
        return binding;
    }

    void remove(String id) {
        bindings.remove(id);
    }

    SessionModel model(Binding binding) {
        KernelModel kernel = KernelModel.of(registry.owned(binding.kernelId(), binding.ownerId()), config.idleTimeout());
        return new SessionModel(binding.id(), binding.path(), binding.name() == null ? "" : binding.name(),
                binding.type() == null ? "notebook" : binding.type(), kernel,
                Map.of("path", binding.path() == null ? "" : binding.path(), "name", binding.name() == null ? "" : binding.name()));
    }
}
