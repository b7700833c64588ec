package org.kernelforge.runs;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Tells how a finished run ended. The watchdog's reason wins (it stopped the run), then an out of
 * memory kill, then a full or oversized output, then a non-zero exit code.
 */
final class OutcomeClassifier {

    /** A capped filesystem with less than this left is full: the kernel's writes hit ENOSPC. */
    static final long FULL_BELOW_BYTES = 256 * 1024;

    private OutcomeClassifier() {
    }

    static RunOutcome classify(ContainerState state, RunWatchdog watchdog, RunSpec spec, long platformMaxBytes,
                               String containerId, String imageDigest) {
        int exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
        return classify(new Ending(watchdog.reason(), watchdog.reasonMessage(), exitCode,
                        Boolean.TRUE.equals(state.getOOMKilled()), false, instant(state.getStartedAt()),
                        instant(state.getFinishedAt())), spec, platformMaxBytes, containerId, imageDigest);
    }

    /**
     * How a run's job ended, on any engine.
     *
     * @param reason         why the engine stopped it (deadline, cancel, size cap, lost node), or null
     * @param oomKilled      the kernel was killed for memory
     * @param outputFull     the output's own filesystem filled up (the kernel's writes hit ENOSPC)
     */
    record Ending(FailureKind reason, String reasonMessage, int exitCode, boolean oomKilled, boolean outputFull,
                  Instant startedAt, Instant finishedAt) {
    }

    static RunOutcome classify(Ending end, RunSpec spec, long platformMaxBytes, String jobId, String imageDigest) {
        int exitCode = end.exitCode();
        RunLimits limits = spec.limits();
        FailureKind failure;
        String message;
        FailureLocation location = null;
        if (end.reason() != null) {
            failure = end.reason();
            message = end.reasonMessage();
        } else if (exitCode != 0 && end.oomKilled()) {
            failure = FailureKind.OUT_OF_MEMORY;
            message = FailureMessages.outOfMemory(limits.memoryBytes());
        } else if (end.outputFull() || overLimit(spec.workingDir(), limits.outputMaxBytes())) {
            failure = FailureKind.OUTPUT_TOO_LARGE;
            message = FailureMessages.outputTooLarge(limits.outputMaxBytes());
        } else if (overLimit(spec.metaDir(), platformMaxBytes)) {
            failure = FailureKind.OUTPUT_TOO_LARGE;
            message = FailureMessages.platformFilesTooLarge(platformMaxBytes);
        } else if (exitCode != 0) {
            failure = FailureKind.EXCEPTION;
            FailureReport report = FailureReport.read(spec.metaDir());
            message = report == null ? FailureMessages.exception(exitCode) : report.headline();
            location = report == null ? null : report.location();
        } else {
            failure = null;
            message = FailureMessages.COMPLETED;
        }
        return new RunOutcome(exitCode, failure, message, end.startedAt(), end.finishedAt(), jobId, imageDigest, location);
    }

    /** Apparent size past the cap (sparse files count fully), or its own filesystem is full. */
    static boolean overLimit(Path dir, long maxBytes) {
        if (OutputFiles.apparentBytes(dir) > maxBytes) {
            return true;
        }
        try {
            return LoopFilesystem.isMountPoint(dir) && LoopFilesystem.usableBytes(dir) < FULL_BELOW_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    static Instant instant(String engineTime) {
        if (engineTime == null || engineTime.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(engineTime);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
