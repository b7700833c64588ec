package org.kernelforge.storage;

/**
 * A response body of a blob's bytes (or one range of them), sent from the object store by {@link BlobRelay}:
 * {@code length} bytes.
 */
public record BlobBytes(String sha256, ByteRange range, long length) {
}
