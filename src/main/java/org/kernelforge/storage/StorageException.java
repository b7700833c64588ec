package org.kernelforge.storage;

/** The object store could not be reached or refused an operation: a platform fault, never the user's. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
