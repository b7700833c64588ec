package org.kernelforge.runs;

/** Ends a run as {@link FailureKind#PLATFORM} with a message a person can act on. */
final class PlatformFailure extends RuntimeException {

    PlatformFailure(String message) {
        super(message);
    }

    PlatformFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
