package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a swarm run ended: the engine's own reason (deadline, cancel, lost node), the stager's report (exit code, OOM
 * kill, a full output folder, a staging error), the task's state; the staged output is unpacked into the run's folders
 * first, so {@link OutcomeClassifier} judges it as it judges a local run's.
 */
final class SwarmOutcomes {

    private static final Logger LOG = Logger.getLogger(SwarmOutcomes.class);
    private static final long POLL_MILLIS = 500;
    private static final int RESULT_MAX_BYTES = 64 * 1024;

    private final SwarmStaging staging;
    private final long platformMaxBytes;
    private final ObjectMapper json = new ObjectMapper();

    SwarmOutcomes(SwarmStaging staging, long platformMaxBytes) {
        this.staging = staging;
        this.platformMaxBytes = platformMaxBytes;
    }

    RunOutcome classify(RunSpec run, String serviceId, String digest, SwarmTask watch,
                                Optional<StagerResult> result) throws IOException, InterruptedException {
        FailureKind reason = watch.reason;
        String message = watch.reasonMessage;
        int exitCode = result.map(StagerResult::exitCode).orElse(watch.exitCode);
        if (result.isPresent() && reason != FailureKind.PLATFORM) {
            if (!result.get().workingFull()) {
                staging.unpack(staging.key(run.runId(), SwarmStaging.WORKING), run.workingDir());
            }
            if (!result.get().platformFull()) {
                staging.unpack(staging.key(run.runId(), SwarmStaging.PLATFORM), run.metaDir());
            }
        }
        if (reason == null) {
            if (result.isPresent() && result.get().stagingError() != null) {
                reason = FailureKind.PLATFORM;
                message = "The platform failed: " + result.get().stagingError();
            } else if ("rejected".equals(watch.state)) {
                reason = FailureKind.PLATFORM;
                message = "The swarm could not start the run: " + watch.error;
            } else if (result.isEmpty() && !"failed".equals(watch.state)) {
                reason = FailureKind.PLATFORM; // shut down or orphaned by the swarm: its node went away
                message = FailureMessages.nodeLost(watch.node);
            } else if (result.isEmpty() && exitCode != 137) {
                // the stager never reported: the container did not start (the kernel cannot stop a root stager)
                reason = FailureKind.PLATFORM;
                message = "The swarm could not run the kernel: " + watch.error;
            } else if (result.isPresent() && result.get().platformFull()) {
                reason = FailureKind.OUTPUT_TOO_LARGE;
                message = FailureMessages.platformFilesTooLarge(platformMaxBytes);
            }
        }
        // the stager reports the kernel's OOM kill; without a report, a SIGKILLed container was the stager killed for it
        boolean oomKilled = result.map(StagerResult::oomKilled).orElse(exitCode == 137);
        boolean full = result.map(StagerResult::workingFull).orElse(false);
        OutcomeClassifier.Ending ending = new OutcomeClassifier.Ending(reason, message, exitCode, oomKilled, full,
                watch.runningSince, watch.finishedAt == null ? Instant.now() : watch.finishedAt);
        return OutcomeClassifier.classify(ending, run, platformMaxBytes, serviceId, digest);
    }

    /** What the stager reported when the kernel had ended. */
    record StagerResult(int exitCode, boolean oomKilled, boolean workingFull, boolean platformFull,
                                String stagingError) {
    }

    Optional<StagerResult> awaitResult(RunSpec run, Duration patience) throws InterruptedException {
        Instant until = Instant.now().plus(patience);
        String key = staging.key(run.runId(), SwarmStaging.RESULT);
        while (true) {
            Optional<byte[]> bytes = staging.read(key, RESULT_MAX_BYTES);
            if (bytes.isPresent()) {
                try {
                    JsonNode r = json.readTree(bytes.get());
                    return Optional.of(new StagerResult(r.path("exitCode").asInt(-1), r.path("oomKilled").asBoolean(),
                            r.path("workingFull").asBoolean(), r.path("platformFull").asBoolean(),
                            r.hasNonNull("stagingError") ? r.path("stagingError").asText() : null));
                } catch (IOException e) {
                    LOG.warnf("The stager's result of run %s is not JSON: %s", run.runId(), e.getMessage());
                    return Optional.empty();
                }
            }
            if (!Instant.now().isBefore(until)) {
                return Optional.empty();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
