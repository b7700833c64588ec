package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.runs.Cancellation;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.LogLine;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunEngine;
import org.kernelforge.runs.RunEngines;
import org.kernelforge.runs.RunListener;
import org.kernelforge.runs.RunOutcome;
import org.kernelforge.runs.RunSpec;
import org.kernelforge.runs.WarmContainer;
import org.kernelforge.runs.WarmContainerGone;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a version on the run engine ({@code KF_RUNS_ENGINE}) to its end. On the local engine it is handed to a warm
 * container when one of its shape is ready, else in a container of its own (also when the warm one stopped waiting);
 * after a restart, it is followed by its engine job on the engine it started on. Records the engine, the job and the
 * node as soon as they are known.
 */
@ApplicationScoped
class VersionLauncher {

    private static final Logger LOG = Logger.getLogger(VersionLauncher.class);

    /** How the run ended, and the directories holding what it left (captured, then removed with its folder). */
    record Ended(RunOutcome outcome, RunDirectories dirs) {
    }

    private final RunEngines engines;
    private final KernelWarmContainers warmContainers;
    private final VersionRunSpecs specs;
    private final VersionFolders folders;
    private final ContainerIdRecorder containerIds;

    VersionLauncher(RunEngines engines, KernelWarmContainers warmContainers, VersionRunSpecs specs,
                    VersionFolders folders, ContainerIdRecorder containerIds) {
        this.engines = engines;
        this.warmContainers = warmContainers;
        this.specs = specs;
        this.folders = folders;
        this.containerIds = containerIds;
    }

    /** Runs a version the queue has just claimed; {@code log} receives its lines live. */
    Ended run(RunJob job, List<InputMount> mounts, Consumer<LogLine> log, Cancellation cancellation) throws IOException {
        RunEngine engine = engines.current();
        RunListener listener = listener(job.versionId(), engine.name(), log);
        Optional<WarmContainer> warm = engines.isLocal() ? warmContainers.take(job) : Optional.empty();
        if (warm.isPresent()) {
            RunDirectories dirs = warm.get().dirs();
            RunSpec spec = specs.spec(job, mounts, folders.writeSource(job, warm.get().sourceDir()), dirs);
            return new Ended(handOver(spec, warm.get(), listener, cancellation), dirs);
        }
        Path source = folders.writeSource(job, folders.root(job.runId()).resolve("src"));
        RunDirectories dirs = folders.create(job);
        RunSpec spec = specs.spec(job, mounts, source, dirs);
        return new Ended(job.withEnvironmentNamed(engine.run(spec, listener, cancellation)), dirs);
    }

    /**
     * After a restart: follows the version's job on {@code engineName}, where it still is; log lines up to
     * {@code logsAfterSeconds} were stored before and are not delivered again.
     */
    Ended follow(RunJob job, String engineName, String jobId, double logsAfterSeconds, List<InputMount> mounts,
                 Consumer<LogLine> log, Cancellation cancellation) throws IOException {
        RunEngine engine = engines.named(engineName);
        Path source = folders.writeSource(job, folders.root(job.runId()).resolve("src"));
        RunDirectories dirs = folders.existing(job.runId());
        RunSpec spec = specs.spec(job, mounts, source, dirs);
        return new Ended(engine.reattach(spec, jobId, job.startedAt(), logsAfterSeconds,
                listener(job.versionId(), engine.name(), log), cancellation), dirs);
    }

    /** Runs in the warm container; in a container of its own, with the same folders, when it is gone. */
    private RunOutcome handOver(RunSpec spec, WarmContainer warm, RunListener listener, Cancellation cancellation) {
        try {
            return engines.local().handOver(spec, warm, listener, cancellation);
        } catch (WarmContainerGone gone) {
            LOG.warnf("%s; version %s runs in a container of its own", gone.getMessage(), spec.runId());
            return engines.local().run(spec, listener, cancellation);
        }
    }

    private RunListener listener(long versionId, String engine, Consumer<LogLine> log) {
        return new RunListener() {
            @Override
            public void started(String jobId, Instant startedAt) {
                // a restart follows the run by them
                containerIds.record(versionId, engine, jobId, startedAt);
            }

            @Override
            public void placed(String node) {
                containerIds.recordNode(versionId, node);
            }

            @Override
            public void line(LogLine line) {
                log.accept(line);
            }
        };
    }
}
