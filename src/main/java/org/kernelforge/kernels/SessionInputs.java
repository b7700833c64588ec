package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.environments.EnvironmentPin;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.runs.EngineCapabilities;
import org.kernelforge.runs.InputMount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an interactive session of a kernel mounts and runs in, for the sessions feature: the kernel's image, its
 * internet setting (when the deployment offers internet) and its inputs, resolved now as the caller may read them
 * and put on the host like a commit's. The owner's unsaved settings in the editor's draft take the place of the saved
 * ones, so a dataset just added in the editor is there in the session.
 */
@ApplicationScoped
public class SessionInputs {

    /** A kernel as a session sees it; {@code ref} is "owner/slug", or null for a session of no kernel. */
    public record SessionKernel(String ref, String image, boolean internet, List<InputMount> inputs) {
    }

    private record Chosen(String ref, String image, boolean internet, List<ResolvedInput> inputs) {
    }

    private final KernelQueries kernels;
    private final KernelDrafts drafts;
    private final KernelCommits commits;
    private final InputResolver resolver;
    private final InputMaterializer materializer;
    private final RuntimeImages images;
    private final EngineCapabilities capabilities;
    private final CurrentUser current;

    SessionInputs(KernelQueries kernels, KernelDrafts drafts, KernelCommits commits, InputResolver resolver,
                  InputMaterializer materializer, RuntimeImages images, EngineCapabilities capabilities, CurrentUser current) {
        this.kernels = kernels;
        this.drafts = drafts;
        this.commits = commits;
        this.resolver = resolver;
        this.materializer = materializer;
        this.images = images;
        this.capabilities = capabilities;
        this.current = current;
    }

    /**
     * The kernel "owner/slug" as the caller may use it: 404 (ProblemException) when they cannot see it, 400 naming
     * the input when one of its inputs is not readable by them. Call from a request of that user.
     */
    public SessionKernel forKernel(String owner, String slug) {
        Chosen chosen = QuarkusTransaction.requiringNew().call(() -> choose(owner, slug));
        try {
            return new SessionKernel(chosen.ref(), chosen.image(), chosen.internet(),
                    materializer.materializeResolved(chosen.inputs()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not put the inputs of '" + chosen.ref() + "' on the host", e);
        }
    }

    /** A session of no kernel: the default image, no inputs, no internet. */
    public SessionKernel none() {
        return new SessionKernel(null, images.defaultImage(), false, List.of());
    }

    private Chosen choose(String owner, String slug) {
        Kernel kernel = kernels.visible(owner, slug);
        JsonNode draft = current.get().filter(me -> me.id() == kernel.ownerId)
                .flatMap(me -> drafts.mine(owner, slug)).map(KernelDrafts.Draft::settings).orElse(null);
        List<String> datasets = sources(draft, "dataset_sources", kernel.datasetSources);
        List<String> competitions = sources(draft, "competition_sources", kernel.competitionSources);
        List<String> kernelSources = sources(draft, "kernel_sources", kernel.kernelSources);
        boolean internet = draft != null && draft.path("enable_internet").isBoolean()
                ? draft.get("enable_internet").booleanValue() : kernel.enableInternet;
        EnvironmentPin pin = new EnvironmentPin(kernel.environmentName, kernel.environmentVersion);
        String image = draft != null && draft.path("docker_image").isTextual()
                ? images.choose(draft.get("docker_image").textValue(), kernel.pinningType, pin).image() : images.of(kernel).image();
        return new Chosen(kernel.ref(), image, internet && capabilities.internet(),
                resolver.resolve(datasets, competitions, kernelSources));
    }

    private List<String> sources(JsonNode draft, String field, String saved) {
        JsonNode fromDraft = draft == null ? null : draft.get(field);
        if (fromDraft == null || !fromDraft.isArray()) {
            return commits.list(saved);
        }
        List<String> refs = new ArrayList<>();
        fromDraft.forEach(ref -> refs.add(ref.asText()));
        return refs;
    }
}
