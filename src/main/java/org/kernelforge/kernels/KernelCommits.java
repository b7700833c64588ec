package org.kernelforge.kernels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.environments.Pinning;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.EngineCapabilities;
import org.kernelforge.runs.Language;
import org.kernelforge.runs.RunsConfig;
import org.kernelforge.storage.BlobStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/** A push: creates or updates the kernel and seals its next version (queued to run, or a quick save). */
@ApplicationScoped
public class KernelCommits {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{4,49}");

    private final CurrentUser current;
    private final Accounts accounts;
    private final InputResolver inputs;
    private final RuntimeImages images;
    private final BlobStore blobs;
    private final KernelsConfig config;
    private final RunsConfig runs;
    private final EngineCapabilities capabilities;
    private final KernelDrafts drafts;
    private final ObjectMapper json;
    private final ExecutorService lookups = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kernel-commit-io");
        t.setDaemon(true);
        return t;
    });

    public KernelCommits(CurrentUser current, Accounts accounts, InputResolver inputs, RuntimeImages images, BlobStore blobs,
                         KernelsConfig config, RunsConfig runs, EngineCapabilities capabilities, KernelDrafts drafts,
                         ObjectMapper json) {
        this.current = current;
        this.accounts = accounts;
        this.inputs = inputs;
        this.images = images;
        this.blobs = blobs;
        this.config = config;
        this.runs = runs;
        this.capabilities = capabilities;
        this.drafts = drafts;
        this.json = json;
    }

    /** {@code push} passed its Bean Validation ({@link PushRequest}); the rules here need the deployment or the database. */
    @Transactional
    public KernelVersion commit(String owner, String slug, PushRequest push) {
        if (push == null) {
            throw ProblemException.badRequest("source", "Send the push as JSON: {title, kernel_type, language, source, ...}");
        }
        Account caller = current.require();
        if (!caller.username().equals(owner) && !caller.isAdmin()) {
            throw ProblemException.forbidden("You can only push kernels under your own name, '" + caller.username() + "'");
        }
        Account ownerUser = accounts.byUsername(owner).orElseThrow(() -> ProblemException.notFound("There is no user '" + owner + "'"));
        // concurrent pushes to one kernel take its version numbers in turn; concurrent first pushes race on the insert
        Kernel kernel = Kernel.lockByRef(ownerUser.id(), slug).orElseGet(() -> newKernel(ownerUser, slug, push));
        CommitMode mode = CommitMode.parse(push.mode()).orElseThrow();
        applySettings(kernel, push);
        refuseWhatTheDeploymentCannotGive(kernel);
        byte[] source = KernelSource.normalize(kernel.type(), push.source(), config.maxSourceBytes(), json);
        // the object store and the engine answer while the inputs are resolved
        CompletableFuture<BlobStore.Blob> sourceStored = CompletableFuture.supplyAsync(() -> blobs.store(source), lookups);
        RuntimeImages.Chosen chosen = images.of(kernel);
        refuseALanguageTheEnvironmentCannotRun(kernel, chosen);
        kernel.environmentName = chosen.environment().name();
        kernel.environmentVersion = chosen.environment().version();
        CompletableFuture<Optional<String>> imageDigest = chosen.digest().isEmpty()
                ? CompletableFuture.supplyAsync(() -> images.digest(chosen.image()), lookups)
                : CompletableFuture.completedFuture(Optional.of(chosen.digest()));
        List<ResolvedInput> resolved = inputs.resolve(list(kernel.datasetSources), list(kernel.competitionSources),
                list(kernel.kernelSources));
        BlobStore.Blob sourceBlob = join(sourceStored);
        kernel.sourceSha256 = sourceBlob.sha256();
        kernel.currentVersion += 1;
        kernel.updatedAt = Instant.now();
        if (kernel.id == null) {
            kernel.persist();
        }
        String name = push.versionName() == null || push.versionName().isBlank() ? null : push.versionName().strip();
        KernelVersion version = seal(kernel, mode, name, sourceBlob, chosen.image(), join(imageDigest).orElse(""), caller, resolved);
        kernel.persistAndFlush();
        drafts.clear(ownerUser.id(), slug);
        return version;
    }

    /** Refused before a version number is taken: such a run could only fail as the platform's fault. */
    private void refuseWhatTheDeploymentCannotGive(Kernel kernel) {
        EngineCapabilities.Offer offer = capabilities.offer();
        if (kernel.enableGpu && !offer.gpu()) {
            throw ProblemException.badRequest("enable_gpu", offer.reasons().get("gpu") + "; push with enable_gpu false");
        }
        if (kernel.enableInternet && !offer.internet()) {
            throw ProblemException.badRequest("enable_internet", offer.reasons().get("internet")
                    + "; push with enable_internet false");
        }
    }

    /** An R kernel needs an environment with R, and a Python one an environment for Python (which R's also has). */
    private void refuseALanguageTheEnvironmentCannotRun(Kernel kernel, RuntimeImages.Chosen chosen) {
        if (Language.R.id().equals(kernel.language) && chosen.language() != null && !Language.R.id().equals(chosen.language())) {
            throw ProblemException.badRequest("language", "The environment '" + chosen.environment().name()
                    + "' has no R (it is for " + chosen.language() + "); run language 'r' kernels in an R environment such as '"
                    + RuntimeImages.R_ENVIRONMENT + "' (docker_image)");
        }
    }

    private KernelVersion seal(Kernel kernel, CommitMode mode, String name, BlobStore.Blob source, String image, String imageDigest,
                               Account caller,
                               List<ResolvedInput> resolved) {
        RunsConfig.Limits limits = runs.limits();
        KernelVersion v = new KernelVersion();
        v.kernel = kernel;
        v.number = kernel.currentVersion;
        v.mode = mode.id();
        v.name = name;
        v.kernelType = kernel.kernelType;
        v.language = kernel.language;
        v.sourceSha256 = source.sha256();
        v.sourceSize = source.size();
        v.imageName = image;
        v.imageDigest = imageDigest;
        v.environmentName = kernel.environmentName;
        v.environmentVersion = kernel.environmentVersion;
        v.memoryBytes = limits.memory().asLongValue();
        v.cpus = limits.cpus();
        v.pidsLimit = limits.pids();
        v.timeoutSeconds = kernel.sessionTimeoutSeconds;
        v.outputMaxBytes = limits.outputMax().asLongValue();
        v.enableInternet = kernel.enableInternet;
        v.enableGpu = kernel.enableGpu;
        v.committedById = caller.id();
        v.committedByName = caller.username();
        v.committedAt = Instant.now();
        v.fingerprint = Fingerprint.of(v, resolved);
        if (mode == CommitMode.QUICK) {
            v.status = VersionStatus.COMPLETE;
            v.finishedAt = v.committedAt;
        } else {
            v.status = VersionStatus.QUEUED;
            v.queuedAt = v.committedAt;
        }
        v.persist();
        for (ResolvedInput input : resolved) {
            KernelVersionInput row = new KernelVersionInput();
            row.versionId = v.id;
            row.mountName = input.mountName();
            row.kind = input.kind();
            row.ref = input.ref();
            row.refVersion = input.version();
            row.datasetVersionId = input.datasetVersionId();
            row.kernelVersionId = input.kernelVersionId();
            row.persist();
        }
        return v;
    }

    private static <T> T join(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private Kernel newKernel(Account owner, String slug, PushRequest push) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw ProblemException.badRequest("slug", "The kernel slug '" + slug
                    + "' must be 5 to 50 characters: lower-case letters, digits and '-'");
        }
        if (push.kernelType() == null) {
            throw ProblemException.badRequest("kernel_type", "A new kernel needs kernel_type: 'script' or 'notebook'");
        }
        Kernel kernel = new Kernel();
        kernel.ownerId = owner.id();
        kernel.ownerName = owner.username();
        kernel.slug = slug;
        kernel.title = slug;
        kernel.language = Language.PYTHON.id();
        kernel.isPrivate = true;
        // as on Kaggle, a new R kernel that names no environment runs in the R one
        kernel.dockerImage = Language.R.id().equals(push.language()) ? RuntimeImages.R_ENVIRONMENT : images.defaultChoice();
        kernel.sessionTimeoutSeconds = (int) runs.limits().timeout().toSeconds();
        kernel.datasetSources = "[]";
        kernel.competitionSources = "[]";
        kernel.kernelSources = "[]";
        kernel.createdAt = Instant.now();
        return kernel;
    }

    private void applySettings(Kernel kernel, PushRequest push) {
        if (push.title() != null) {
            kernel.title = push.title().strip();
        }
        if (push.kernelType() != null) {
            kernel.kernelType = KernelType.parse(push.kernelType()).orElseThrow().id();
        }
        if (push.language() != null) {
            kernel.language = Language.parse(push.language()).orElseThrow().id();
        }
        if (push.isPrivate() != null) {
            kernel.isPrivate = push.isPrivate();
        }
        if (push.enableGpu() != null) {
            kernel.enableGpu = push.enableGpu();
        }
        if (push.enableInternet() != null) {
            kernel.enableInternet = push.enableInternet();
        }
        if (push.dockerImage() != null) {
            // checked when the commit resolves it to an environment version
            kernel.dockerImage = push.dockerImage().isBlank() ? images.defaultChoice() : push.dockerImage().strip();
        }
        if (push.dockerImagePinningType() != null && !push.dockerImagePinningType().isBlank()) {
            kernel.pinningType = Pinning.parse(push.dockerImagePinningType()).id();
        }
        if (push.sessionTimeoutSeconds() != null) {
            long max = runs.maxTimeout().toSeconds();
            int requested = push.sessionTimeoutSeconds();
            if (requested > max) {
                throw ProblemException.badRequest("session_timeout_seconds", "session_timeout_seconds must be between 1 and "
                        + max + " on this deployment, not " + requested);
            }
            kernel.sessionTimeoutSeconds = requested;
        }
        if (push.datasetSources() != null) {
            kernel.datasetSources = write(push.datasetSources());
        }
        if (push.competitionSources() != null) {
            kernel.competitionSources = write(push.competitionSources());
        }
        if (push.kernelSources() != null) {
            kernel.kernelSources = write(push.kernelSources());
        }
    }

    List<String> list(String jsonArray) {
        try {
            return List.of(json.readValue(jsonArray, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sources are not a JSON array: " + jsonArray, e);
        }
    }

    private String write(List<String> refs) {
        try {
            return json.writeValueAsString(refs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
