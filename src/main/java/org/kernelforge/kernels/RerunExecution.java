package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.runs.Cancellation;
import org.kernelforge.runs.FailureKind;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.LogLine;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunEngines;
import org.kernelforge.runs.RunListener;
import org.kernelforge.runs.RunOutcome;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.StoredFile;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One scoring rerun from its slot to its result: the version's source and inputs (the competition's replaced),
 * a container of its own without internet, then the output file to the blob store. Keeps no book of the
 * version: the rerun's log goes to its listener only. Always removes the rerun's folder.
 */
@ApplicationScoped
class RerunExecution {

    private static final Logger LOG = Logger.getLogger(RerunExecution.class);
    /** Enough log for an organizer to see why a rerun failed; the rest is cut. */
    private static final int LOG_MAX_CHARS = 64 * 1024;

    private final InputMaterializer inputs;
    private final VersionFolders folders;
    private final VersionRunSpecs specs;
    private final RunEngines engines;
    private final BlobStore blobs;

    RerunExecution(InputMaterializer inputs, VersionFolders folders, VersionRunSpecs specs, RunEngines engines,
                   BlobStore blobs) {
        this.inputs = inputs;
        this.folders = folders;
        this.specs = specs;
        this.engines = engines;
        this.blobs = blobs;
    }

    void run(ScoringReruns.Request request, ScoringReruns.Listener listener, Cancellation cancellation) {
        StringBuilder log = new StringBuilder();
        ScoringReruns.Result result;
        String runId = VersionFolders.RERUN_PREFIX + request.key();
        listener.started();
        try {
            RunJob job = QuarkusTransaction.requiringNew().call(() -> RunJob.of(KernelVersion.findById(request.versionId())))
                    .forRerun(runId, request.limits().memoryBytes(), request.limits().timeoutSeconds(), request.limits().gpu());
            List<InputMount> mounts = mounts(job, request);
            Path source = folders.writeSource(job, folders.root(runId).resolve("src"));
            RunDirectories dirs = folders.create(job);
            RunOutcome outcome = job.withEnvironmentNamed(engines.current().run(specs.rerunSpec(job, mounts, source, dirs,
                    request.key()), logTo(log), cancellation));
            result = result(outcome, dirs, request.outputFile(), log);
        } catch (Exception e) {
            LOG.errorf(e, "Scoring rerun %s of version %d failed on the platform side", request.key(), request.versionId());
            result = new ScoringReruns.Result(ScoringReruns.Failure.PLATFORM, null,
                    "The platform could not rerun this version", log.toString());
        } finally {
            try {
                folders.remove(runId);
            } catch (Exception e) {
                LOG.warnf(e, "Could not clean up the folder of scoring rerun %s", request.key());
            }
        }
        listener.finished(result);
    }

    /** The version's inputs, the competition's replaced by the given files (or added when it had none). */
    private List<InputMount> mounts(RunJob job, ScoringReruns.Request request) throws java.io.IOException {
        List<KernelVersionInput> kept = new ArrayList<>();
        for (KernelVersionInput input : job.inputs()) {
            boolean competition = ResolvedInput.COMPETITION.equals(input.kind) && input.ref.equals(request.competitionSlug());
            if (!competition && !input.mountName.equals(request.competitionSlug())) {
                kept.add(input);
            }
        }
        List<InputMount> mounts = new ArrayList<>(inputs.materialize(kept));
        mounts.add(new InputMount(inputs.materializeFiles(request.competitionFiles()), request.competitionSlug()));
        return mounts;
    }

    private ScoringReruns.Result result(RunOutcome outcome, RunDirectories dirs, String outputFile, StringBuilder log) {
        FailureKind kind = outcome.failure();
        if (kind != null) {
            ScoringReruns.Failure failure = switch (kind) {
                case TIMEOUT -> ScoringReruns.Failure.TIMEOUT;
                case OUT_OF_MEMORY -> ScoringReruns.Failure.MEMORY;
                case EXCEPTION, OUTPUT_TOO_LARGE -> ScoringReruns.Failure.EXCEPTION;
                case CANCELLED, PLATFORM, ENVIRONMENT -> ScoringReruns.Failure.PLATFORM;
            };
            return new ScoringReruns.Result(failure, null, outcome.message(), log.toString());
        }
        Path file = dirs.working().resolve(outputFile).normalize();
        if (!file.startsWith(dirs.working()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return new ScoringReruns.Result(ScoringReruns.Failure.MISSING_OUTPUT, null,
                    "The kernel ran to its end but left no /kaggle/working/" + outputFile, log.toString());
        }
        BlobStore.Blob blob = blobs.store(file);
        return new ScoringReruns.Result(null, new StoredFile(outputFile, blob.sha256(), blob.size()), "Completed",
                log.toString());
    }

    private static RunListener logTo(StringBuilder log) {
        return new RunListener() {
            @Override
            public void line(LogLine line) {
                synchronized (log) {
                    if (log.length() < LOG_MAX_CHARS) {
                        log.append(line.stream().equals(LogLine.STDERR) ? "! " : "").append(line.text()).append('\n');
                        if (log.length() >= LOG_MAX_CHARS) {
                            log.append("[log cut at ").append(LOG_MAX_CHARS).append(" characters]\n");
                        }
                    }
                }
            }
        };
    }
}
