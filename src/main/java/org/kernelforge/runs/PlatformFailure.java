package org.kernelforge.runs;

/**
 * Ends a run as {@link FailureKind#PLATFORM} with a message a person can act on, or as {@link FailureKind#ENVIRONMENT}
 * when its image is gone ({@link #imageMissing}).
 */
final class PlatformFailure extends RuntimeException {

    private final FailureKind kind;

    PlatformFailure(String message) {
        this(message, null);
    }

    PlatformFailure(String message, Throwable cause) {
        this(FailureKind.PLATFORM, message, cause);
    }

    private PlatformFailure(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The run's image is not on the engine (where: the engine's words for it, e.g. "the swarm manager"). */
    static PlatformFailure imageMissing(String image, String where, Throwable cause) {
        return new PlatformFailure(FailureKind.ENVIRONMENT, FailureMessages.imageMissing(image, where), cause);
    }

    FailureKind kind() {
        return kind;
    }
}
