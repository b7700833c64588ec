package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.environments.EnvironmentPin;
import org.kernelforge.environments.Environments;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.EngineCapabilities;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.Language;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an interactive session of a kernel mounts and runs in, for the sessions feature: the kernel's image, its
 * internet setting (when the deployment offers internet) and its inputs, resolved now as the caller may read them
 * and put on the host like a commit's. The owner's unsaved settings in the editor's draft take the place of the saved
 * ones, so a dataset just added in the editor is there in the session. The session's container starts from the
 * environment version's image by digest, as a commit's does; one whose image is gone is refused. An R session needs
 * IRkernel in the image: an environment whose package list lacks it is refused before anything starts.
 */
@ApplicationScoped
public class SessionInputs {

    /**
     * A kernel as a session sees it; {@code ref} is "owner/slug", or null for a session of no kernel; {@code language}
     * is the Jupyter kernel the session runs.
     */
    public record SessionKernel(String ref, String image, boolean internet, List<InputMount> inputs, Language language) {
    }

    private record Chosen(String ref, String image, boolean internet, List<ResolvedInput> inputs, Language language) {
    }

    /** The Debian package that installs IRkernel's kernelspec {@code ir}, which R sessions start. */
    static final String IRKERNEL_PACKAGE = "r-cran-irkernel";

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
     * the input when one of its inputs is not readable by them, 400 naming docker_image when its environment cannot
     * run a kernel of {@code language} (null: the kernel's own language). Call from a request of that user.
     */
    public SessionKernel forKernel(String owner, String slug, Language language) {
        Chosen chosen = QuarkusTransaction.requiringNew().call(() -> choose(owner, slug, language));
        try {
            return new SessionKernel(chosen.ref(), chosen.image(), chosen.internet(),
                    materializer.materializeResolved(chosen.inputs()), chosen.language());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not put the inputs of '" + chosen.ref() + "' on the host", e);
        }
    }

    /** A Python session of no kernel: the default image, no inputs, no internet. */
    public SessionKernel none() {
        return new SessionKernel(null, images.defaultImage(), false, List.of(), Language.PYTHON);
    }

    /**
     * A session of no kernel in {@code language}: Python in the default image, R in the newest version of the shipped
     * R environment (400 naming {@code name}, the kernelspec asked for, while it has none built).
     */
    public SessionKernel none(Language language) {
        if (language != Language.R) {
            return none();
        }
        RuntimeImages.Chosen chosen;
        try {
            chosen = images.choose(RuntimeImages.R_ENVIRONMENT, null, EnvironmentPin.NONE);
        } catch (ProblemException e) {
            throw ProblemException.badRequest("name", "R sessions of no kernel run in the environment '"
                    + RuntimeImages.R_ENVIRONMENT + "': " + e.getMessage());
        }
        requireKernelFor(language, chosen);
        images.requirePresent(chosen);
        return new SessionKernel(null, chosen.reference(), false, List.of(), language);
    }

    private Chosen choose(String owner, String slug, Language asked) {
        Kernel kernel = kernels.visible(owner, slug);
        JsonNode draft = current.get().filter(me -> me.id() == kernel.ownerId)
                .flatMap(me -> drafts.mine(owner, slug)).map(KernelDrafts.Draft::settings).orElse(null);
        List<String> datasets = sources(draft, "dataset_sources", kernel.datasetSources);
        List<String> competitions = sources(draft, "competition_sources", kernel.competitionSources);
        List<String> kernelSources = sources(draft, "kernel_sources", kernel.kernelSources);
        boolean internet = draft != null && draft.path("enable_internet").isBoolean()
                ? draft.get("enable_internet").booleanValue() : kernel.enableInternet;
        EnvironmentPin pin = new EnvironmentPin(kernel.environmentName, kernel.environmentVersion);
        RuntimeImages.Chosen image = draft != null && draft.path("docker_image").isTextual()
                ? images.choose(draft.get("docker_image").textValue(), kernel.pinningType, pin) : images.of(kernel);
        Language language = asked != null ? asked : Language.parse(kernel.language).orElse(Language.PYTHON);
        requireKernelFor(language, image);
        images.requirePresent(image);
        return new Chosen(kernel.ref(), image.reference(), internet && capabilities.internet(),
                resolver.resolve(datasets, competitions, kernelSources), language);
    }

    /**
     * Refuses an R session in an environment whose package list lacks IRkernel. Where the list is not known (a
     * registered image), the session's relay tells the same when it finds no kernelspec.
     */
    private void requireKernelFor(Language language, RuntimeImages.Chosen chosen) {
        if (language != Language.R || images.hasDebianPackage(chosen, IRKERNEL_PACKAGE).orElse(true)) {
            return;
        }
        EnvironmentPin env = chosen.environment();
        boolean forR = Language.R.id().equals(chosen.language());
        throw ProblemException.badRequest(Environments.FIELD, "The environment '" + env.name() + "' (version "
                + env.version() + ") has no IRkernel, the Jupyter kernel for R (Debian package " + IRKERNEL_PACKAGE
                + "), so an R session cannot start in it: " + (forR
                ? "an admin can add " + IRKERNEL_PACKAGE + " to its packages and build it again"
                : "choose an R environment such as '" + RuntimeImages.R_ENVIRONMENT + "'") + ".");
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
