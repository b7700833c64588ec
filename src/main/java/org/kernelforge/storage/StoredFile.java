package org.kernelforge.storage;

/** A file of a version whose bytes are in the blob store: path inside the version, blob sha256, size in bytes. */
public record StoredFile(String path, String sha256, long size) {
}
