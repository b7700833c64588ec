package org.kernelforge.storage;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed blobs: each distinct content is stored once, under its sha256.
 * Datasets, kernel outputs and submissions all keep their bytes here.
 */
@ApplicationScoped
public class BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 1 << 20;

    private final ObjectStore store;

    public BlobStore(ObjectStore store) {
        this.store = store;
    }

    /** Hashes a local file and uploads it unless the same content is already stored. */
    public Blob store(Path file) {
        try {
            long size = Files.size(file);
            String sha256 = sha256(file);
            String key = key(sha256);
            if (!store.exists(key)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.put(key, in, size, "application/octet-stream");
                }
            }
            return new Blob(sha256, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores small content held in memory (sources, rendered pages); large content goes through {@link #store(Path)}. */
    public Blob store(byte[] content) {
        String sha256 = HexFormat.of().formatHex(newDigest().digest(content));
        String key = key(sha256);
        if (!store.exists(key)) {
            store.put(key, new java.io.ByteArrayInputStream(content), content.length, "application/octet-stream");
        }
        return new Blob(sha256, content.length);
    }

    public boolean contains(String sha256) {
        return store.exists(key(sha256));
    }

    public InputStream open(String sha256) {
        return store.open(key(sha256));
    }

    public InputStream openRange(String sha256, long offset, long length) {
        return store.openRange(key(sha256), offset, length);
    }

    static String key(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return "blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Content stored in the object store: its sha256 (lower-case hex) and size in bytes. */
    public record Blob(String sha256, long size) {
    }
}
