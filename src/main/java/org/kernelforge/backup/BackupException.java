package org.kernelforge.backup;

/** A backup or restore that cannot go on, with a message for the operator. */
final class BackupException extends RuntimeException {
    BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
