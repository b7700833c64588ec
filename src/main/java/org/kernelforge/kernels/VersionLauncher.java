package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.runs.Cancellation;
import org.kernelforge.runs.ContainerRemoval;
import org.kernelforge.runs.ContainerRunner;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.LogLine;
import org.kernelforge.runs.RunDirectories;
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
 * Runs a version in a container to its end: handed to a warm container when one of its shape is ready, else in a
 * container of its own (also when the warm one stopped waiting); after a restart, followed in the container it
 * already runs in. Records which container that is as soon as it starts.
 */
@ApplicationScoped
class VersionLauncher {

    private static final Logger LOG = Logger.getLogger(VersionLauncher.class);

    /** How the run ended, and the directories holding what it left (captured, then removed with its folder). */
    record Ended(RunOutcome outcome, RunDirectories dirs) {
    }

    private final ContainerRunner runner;
    private final KernelWarmContainers warmContainers;
    private final VersionRunSpecs specs;
    private final VersionFolders folders;
    private final ContainerIdRecorder containerIds;

    VersionLauncher(ContainerRunner runner, KernelWarmContainers warmContainers, VersionRunSpecs specs,
                    VersionFolders folders, ContainerIdRecorder containerIds) {
        this.runner = runner;
        this.warmContainers = warmContainers;
        this.specs = specs;
        this.folders = folders;
        this.containerIds = containerIds;
    }

    /** Runs a version the queue has just claimed; {@code log} receives its lines live. */
    Ended run(RunJob job, List<InputMount> mounts, Consumer<LogLine> log, Cancellation cancellation) throws IOException {
        RunListener listener = listener(job.versionId(), log);
        Optional<WarmContainer> warm = warmContainers.take(job);
        if (warm.isPresent()) {
            RunDirectories dirs = warm.get().dirs();
            RunSpec spec = specs.spec(job, mounts, folders.writeSource(job, warm.get().sourceDir()), dirs);
            return new Ended(handOver(spec, warm.get(), listener, cancellation), dirs);
        }
        Path source = folders.writeSource(job, folders.root(job.runId()).resolve("src"));
        RunDirectories dirs = folders.create(job);
        RunSpec spec = specs.spec(job, mounts, source, dirs);
        return new Ended(runner.run(spec, listener, cancellation, ContainerRemoval.IN_BACKGROUND), dirs);
    }

    /**
     * After a restart: follows the version's container, which is still on the engine; log lines up to
     * {@code logsAfterSeconds} were stored before and are not delivered again.
     */
    Ended follow(RunJob job, String containerId, double logsAfterSeconds, List<InputMount> mounts, Consumer<LogLine> log,
                 Cancellation cancellation) throws IOException {
        Path source = folders.writeSource(job, folders.root(job.runId()).resolve("src"));
        RunDirectories dirs = folders.existing(job.runId());
        RunSpec spec = specs.spec(job, mounts, source, dirs);
        return new Ended(runner.reattach(spec, containerId, job.startedAt(), logsAfterSeconds,
                listener(job.versionId(), log), cancellation), dirs);
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

    private RunListener listener(long versionId, Consumer<LogLine> log) {
        return new RunListener() {
            @Override
            public void started(String containerId, Instant startedAt) {
                // a restart follows the run by them
                containerIds.record(versionId, containerId, startedAt);
            }

            @Override
            public void line(LogLine line) {
                log.accept(line);
            }
        };
    }
}
