package org.kernelforge.runs;

import java.time.Instant;

/**
 * How a run ended.
 *
 * @param exitCode    the kernel's exit code (-1 when it never ran)
 * @param failure     null on success
 * @param message     a sentence a person can act on; "Completed" on success
 * @param containerId null when no container was created
 * @param imageDigest the image the run used, by digest (repo digest or image id); null if unknown
 * @param location    where the user's code raised, when the runner could tell; null otherwise
 */
public record RunOutcome(int exitCode, FailureKind failure, String message, Instant startedAt,
                         Instant finishedAt, String containerId, String imageDigest, FailureLocation location) {

    /** The same outcome told in other words, e.g. naming what the engine's own message could not. */
    public RunOutcome withMessage(String value) {
        return new RunOutcome(exitCode, failure, value, startedAt, finishedAt, containerId, imageDigest, location);
    }

    public RunOutcome withStartedAt(Instant value) {
        return new RunOutcome(exitCode, failure, message, value, finishedAt, containerId, imageDigest, location);
    }

    /**
     * This outcome once capture found more than {@code maxFiles} files in the working directory: a run that
     * succeeded fails as {@link FailureKind#OUTPUT_TOO_LARGE}; a failed run keeps its failure, told that its
     * output was not kept either.
     */
    public RunOutcome withTooManyFiles(int maxFiles) {
        String tooMany = FailureMessages.tooManyOutputFiles(maxFiles);
        return failure == null
                ? new RunOutcome(exitCode, FailureKind.OUTPUT_TOO_LARGE, tooMany, startedAt, finishedAt, containerId, imageDigest, location)
                : new RunOutcome(exitCode, failure, message + ". " + tooMany, startedAt, finishedAt, containerId, imageDigest, location);
    }

    public boolean succeeded() {
        return failure == null;
    }

    static RunOutcome notRun(FailureKind failure, String message, String containerId, String imageDigest) {
        Instant now = Instant.now();
        return new RunOutcome(-1, failure, message, now, now, containerId, imageDigest, null);
    }
}
