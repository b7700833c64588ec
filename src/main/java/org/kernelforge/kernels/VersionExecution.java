package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.runs.Cancellation;
import org.kernelforge.runs.ContainerRemoval;
import org.kernelforge.runs.ContainerRunner;
import org.kernelforge.runs.FailureKind;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.RunnerScripts;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunLimits;
import org.kernelforge.runs.RunLimitsPolicy;
import org.kernelforge.runs.RunListener;
import org.kernelforge.runs.RunOutcome;
import org.kernelforge.runs.RunSpec;
import org.kernelforge.runs.LogLine;
import org.kernelforge.runs.WarmContainer;
import org.kernelforge.runs.WarmContainerGone;
import org.kernelforge.runs.WarmContainers;
import org.kernelforge.runs.WarmShape;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a commit becomes a container: materializes the inputs, runs the version in a fresh container (a warm
 * one, started ahead of time, when one of its shape is ready), captures its output snapshot, and records the
 * outcome. Always cleans up its host directories.
 */
@ApplicationScoped
public class VersionExecution {

    private static final Logger LOG = Logger.getLogger(VersionExecution.class);
    public static final String VERSION_LABEL = "org.kernelforge.version";
    private static final Map<String, String> ENV = Map.of("KAGGLE_KERNEL_RUN_TYPE", "Batch");

    private final ContainerRunner runner;
    private final WorkingDirectories directories;
    private final RunLimitsPolicy policy;
    private final InputMaterializer inputs;
    private final RunnerScripts runners;
    private final OutputCapture capture;
    private final VersionResults results;
    private final LogBook logs;
    private final BlobStore blobs;
    private final BlobCache cache;
    private final Path workRoot;
    private final Installation installation;
    private final WarmContainers warmContainers;
    private final RuntimeImages images;
    private final java.util.concurrent.Executor bookkeeping = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kernel-run-bookkeeping");
        t.setDaemon(true);
        return t;
    });

    public VersionExecution(ContainerRunner runner, WorkingDirectories directories, RunLimitsPolicy policy,
                            InputMaterializer inputs, RunnerScripts runners, OutputCapture capture,
                            VersionResults results, LogBook logs, BlobStore blobs, BlobCache cache, PlatformConfig platform,
                            Installation installation, WarmContainers warmContainers, RuntimeImages images) {
        this.warmContainers = warmContainers;
        this.images = images;
        this.cache = cache;
        this.installation = installation;
        this.runner = runner;
        this.directories = directories;
        this.policy = policy;
        this.inputs = inputs;
        this.runners = runners;
        this.capture = capture;
        this.results = results;
        this.logs = logs;
        this.blobs = blobs;
        this.workRoot = platform.dataDir().toAbsolutePath().resolve("runs").resolve("work");
    }

    /** Runs a version the queue has just claimed (status running). */
    void run(RunJob job, Cancellation cancellation) {
        execute(job, cancellation, null);
    }

    /** After a restart: follows the version's container, which is still on the engine. */
    void resume(long versionId, String containerId, Cancellation cancellation) {
        execute(QuarkusTransaction.requiringNew().call(() -> RunJob.of(KernelVersion.findById(versionId))), cancellation,
                containerId);
    }

    private void execute(RunJob job, Cancellation cancellation, String existingContainer) {
        long versionId = job.versionId();
        Path root = workRoot.resolve(job.runId());
        RunDirectories dirs = null;
        try {
            logs.start(versionId);
            List<InputMount> mounts = inputs.materialize(job.inputs());
            RunListener listener = listener(versionId);
            Optional<WarmContainer> warm = existingContainer == null ? takeWarm(job, root) : Optional.empty();
            RunOutcome outcome;
            if (warm.isPresent()) {
                dirs = warm.get().dirs();
                RunSpec spec = spec(job, mounts, writeSource(job, warm.get().sourceDir()), dirs);
                outcome = handOver(spec, warm.get(), listener, cancellation);
            } else {
                Path source = writeSource(job, root.resolve("src"));
                dirs = existingContainer == null ? directories.create(root.resolve("dirs"), job.outputMaxBytes()) : existing(root);
                RunSpec spec = spec(job, mounts, source, dirs);
                outcome = existingContainer == null
                        ? runner.run(spec, listener, cancellation, ContainerRemoval.IN_BACKGROUND)
                        : runner.reattach(spec, existingContainer, job.startedAt(), lastLogOffset(versionId), listener, cancellation);
            }
            if (outcome.failure() == FailureKind.PLATFORM) {
                LOG.warnf("Version %d failed on the platform: %s", versionId, outcome.message());
            }
            boolean keepOutputs = outcome.failure() != FailureKind.OUTPUT_TOO_LARGE && outcome.failure() != FailureKind.PLATFORM;
            results.finish(versionId, outcome, capture.capture(versionId, dirs, keepOutputs));
        } catch (Exception e) {
            LOG.errorf(e, "Version %d failed on the platform side", versionId);
            StoredLog log = null;
            try {
                log = capture.storeLog(versionId);
            } catch (IOException | RuntimeException ignored) {
                // the object store may be what failed
            }
            results.failPlatform(versionId, "The platform could not run or store this version: " + e.getMessage(), log);
        } finally {
            cleanUp(versionId, root, dirs);
        }
    }

    /** A warm container of this run's shape, its folder renamed to the run's; none when none fits. */
    private Optional<WarmContainer> takeWarm(RunJob job, Path root) {
        if (job.internet() || job.gpu()) {
            return Optional.empty();
        }
        Optional<WarmContainer> warm = warmContainers.take(WarmShape.of(job.image(), ENV, limits(job)), job.imageDigest());
        if (warm.isEmpty()) {
            return warm;
        }
        try {
            return Optional.of(warm.get().movedTo(root));
        } catch (IOException e) {
            LOG.warnf("Could not move the folder of warm container %s to %s (%s); the run creates its own container",
                    warm.get().containerId(), root, e.getMessage());
            warmContainers.discard(warm.get());
            return Optional.empty();
        }
    }

    /** Runs in the warm container; in a container of its own, with the same folders, when it is gone. */
    private RunOutcome handOver(RunSpec spec, WarmContainer warm, RunListener listener, Cancellation cancellation) {
        try {
            return runner.handOver(spec, warm, listener, cancellation);
        } catch (WarmContainerGone gone) {
            LOG.warnf("%s; version %s runs in a container of its own", gone.getMessage(), spec.runId());
            return runner.run(spec, listener, cancellation, ContainerRemoval.IN_BACKGROUND);
        }
    }

    /** Keeps containers of the default run shape ready (after reconciliation removed those of an earlier start). */
    void keepWarmContainersReady() {
        warmContainers.keepReady(WarmShape.of(images.defaultImage(), ENV, policy.defaults()), workRoot,
                Map.of(Installation.LABEL, installation.id()));
    }

    private RunSpec spec(RunJob job, List<InputMount> mounts, Path source, RunDirectories dirs) {
        String file = "/kaggle/src/" + job.type().sourceFileName();
        List<String> command = job.type() == KernelType.SCRIPT ? runners.scriptCommand(file) : runners.notebookCommand(file);
        return new RunSpec(job.runId(), job.image(), command, ENV, mounts, source,
                dirs.working(), dirs.platform(), limits(job), job.internet(), job.gpu(),
                Map.of(VERSION_LABEL, String.valueOf(job.versionId()), Installation.LABEL, installation.id()));
    }

    private RunLimits limits(RunJob job) {
        RunLimits defaults = policy.defaults();
        return new RunLimits(job.memoryBytes(), job.cpus(), job.pids(), defaults.shmBytes(), defaults.scratchBytes(),
                Duration.ofSeconds(job.timeoutSeconds()), defaults.stopGrace(), job.outputMaxBytes(), defaults.logMaxBytes());
    }

    private RunListener listener(long versionId) {
        return new RunListener() {
            @Override
            public void started(String containerId, Instant startedAt) {
                // recorded off the run's critical path; a restart follows the run with them
                bookkeeping.execute(() -> results.started(versionId, containerId, startedAt));
            }

            @Override
            public void line(LogLine line) {
                logs.append(versionId, line);
            }
        };
    }

    private Path writeSource(RunJob job, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(job.type().sourceFileName());
        Files.copy(cache.fetch(job.sourceSha256(), blobs), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return dir;
    }

    private RunDirectories existing(Path root) {
        Path base = root.resolve("dirs");
        Path working = base.resolve("working");
        return new RunDirectories(base, working, base.resolve("platform"), directories.filesystemBounded(working));
    }

    private double lastLogOffset(long versionId) {
        try {
            List<LogBook.Entry> entries = logs.parse(Files.readAllLines(logs.file(versionId)));
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).time();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Removes what a run left on the host when the server died under it and it cannot be resumed. */
    void discardLeftovers(long versionId) {
        cleanUp(versionId, workRoot.resolve("v" + versionId), null);
    }

    private void cleanUp(long versionId, Path root, RunDirectories dirs) {
        try {
            if (dirs != null) {
                directories.release(dirs);
            } else if (Files.isDirectory(root.resolve("dirs"))) {
                directories.release(existing(root));
            }
            directories.removeRunFolder(root);
            logs.discard(versionId);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Could not clean up the host directories of version %d under %s", versionId, root);
        }
    }
}
