package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Problem;
import org.kernelforge.platform.ServiceOutages;
import org.kernelforge.runs.Cancellation;
import org.kernelforge.runs.FailureKind;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.RunOutcome;

import java.io.IOException;
import java.util.List;

/**
 * Where a commit becomes a container: one version's run from claim to final state. Materializes its inputs, has
 * {@link VersionLauncher} run it in a container, keeps its log, captures its output snapshot and records the
 * outcome, or a platform failure when any of it fails. Always cleans up the version's folder and log file.
 */
@ApplicationScoped
public class VersionExecution {

    private static final Logger LOG = Logger.getLogger(VersionExecution.class);

    private final InputMaterializer inputs;
    private final VersionLauncher launcher;
    private final LogBook logs;
    private final OutputCapture capture;
    private final VersionResults results;
    private final VersionFolders folders;

    VersionExecution(InputMaterializer inputs, VersionLauncher launcher, LogBook logs, OutputCapture capture,
                     VersionResults results, VersionFolders folders) {
        this.inputs = inputs;
        this.launcher = launcher;
        this.logs = logs;
        this.capture = capture;
        this.results = results;
        this.folders = folders;
    }

    /** Runs a version the queue has just claimed (status running). */
    void run(RunJob job, Cancellation cancellation) {
        execute(job, mounts -> launcher.run(job, mounts, line -> logs.append(job.versionId(), line), cancellation));
    }

    /** After a restart: follows the version's engine job (a container, a swarm service), which is still there. */
    void resume(long versionId, String containerId, Cancellation cancellation) {
        KernelVersion version = QuarkusTransaction.requiringNew().call(() -> KernelVersion.findById(versionId));
        RunJob job = QuarkusTransaction.requiringNew().call(() -> RunJob.of(KernelVersion.findById(versionId)));
        execute(job, mounts -> launcher.follow(job, version.engine, containerId, logs.lastOffset(versionId), mounts,
                line -> logs.append(versionId, line), cancellation));
    }

    /** Removes what a run left on the host when the server died under it and it cannot be resumed. */
    void discardLeftovers(long versionId) {
        cleanUp(versionId, "v" + versionId);
    }

    /** Runs the version's container to its end, with the inputs mounted. */
    private interface Launch {
        VersionLauncher.Ended run(List<InputMount> mounts) throws IOException;
    }

    private void execute(RunJob job, Launch launch) {
        long versionId = job.versionId();
        try {
            logs.start(versionId);
            VersionLauncher.Ended ended = launch.run(inputs.materialize(job.inputs()));
            RunOutcome outcome = ended.outcome();
            if (outcome.failure() == FailureKind.PLATFORM || outcome.failure() == FailureKind.ENVIRONMENT) {
                LOG.warnf("Version %d failed on the platform: %s", versionId, outcome.message());
            }
            boolean keepOutputs = outcome.failure() != FailureKind.OUTPUT_TOO_LARGE && outcome.failure() != FailureKind.PLATFORM
                    && outcome.failure() != FailureKind.ENVIRONMENT;
            VersionResults.Capture captured = capture.capture(versionId, ended.dirs(), keepOutputs);
            if (captured.tooManyFiles() != null) {
                outcome = outcome.withTooManyFiles(captured.tooManyFiles());
            }
            results.finish(versionId, outcome, captured);
        } catch (Exception e) {
            LOG.errorf(e, "Version %d failed on the platform side", versionId);
            StoredLog log = null;
            try {
                log = capture.storeLog(versionId);
            } catch (IOException | RuntimeException ignored) {
                // the object store may be what failed
            }
            String why = e instanceof java.nio.file.FileSystemException ? "a file of the run could not be read on the server"
                    : ServiceOutages.of(e).map(Problem::detail).orElse(e.getMessage()); // no service address for users
            results.failPlatform(versionId, "The platform could not run or store this version: " + why, log);
        } finally {
            cleanUp(versionId, job.runId());
        }
    }

    private void cleanUp(long versionId, String runId) {
        try {
            folders.remove(runId);
            logs.discard(versionId);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Could not clean up the host directories of version %d under %s", versionId, folders.root(runId));
        }
    }
}
