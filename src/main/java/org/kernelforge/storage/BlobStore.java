package org.kernelforge.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Content-addressed blobs: each distinct content is stored once, under its sha256.
 * Datasets, kernel outputs and submissions all keep their bytes here.
 */
@ApplicationScoped
public class BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 1 << 20;
    private static final Logger LOG = Logger.getLogger(BlobStore.class);
    /** Where {@link #store(InputStream, long)} puts bytes while their sha256 is not known yet. */
    static final String STAGING = "staging/";
    /** From this size on a file is hashed while it is sent rather than read twice. */
    private static final long STREAM_THRESHOLD = 32L << 20;

    private final ObjectStore store;

    public BlobStore(ObjectStore store) {
        this.store = store;
    }

    /**
     * Stores a local file. Large files are read once, hashed while they are sent ({@link #store(InputStream, long)});
     * small ones are hashed first and not sent at all when the same content is already stored.
     */
    public Blob store(Path file) {
        try {
            long size = Files.size(file);
            if (size >= STREAM_THRESHOLD) {
                try (InputStream in = Files.newInputStream(file)) {
                    return store(in, size);
                }
            }
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

    /**
     * Stores exactly {@code size} bytes read from the stream, hashing them on the way: they go to a staging key,
     * then a server-side copy puts them under their blob key unless that content is stored already. A blob key
     * therefore only ever holds complete content of its own sha256; the staging object is removed whatever happens.
     * A stream that ends before {@code size} bytes is a {@link StorageException} and stores nothing.
     */
    public Blob store(InputStream in, long size) {
        String staging = STAGING + System.currentTimeMillis() + "-" + UUID.randomUUID();
        MessageDigest digest = newDigest();
        try {
            store.put(staging, new DigestInputStream(in, digest), size, "application/octet-stream");
            String sha256 = HexFormat.of().formatHex(digest.digest());
            String key = key(sha256);
            if (!store.exists(key)) {
                store.copy(staging, key);
            }
            return new Blob(sha256, size);
        } finally {
            removeStaging(staging);
        }
    }

    /** Staging objects older than the given age: left behind only if the server stopped in the middle of a store. */
    public int purgeStaging(java.time.Duration olderThan) {
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        int removed = 0;
        for (String key : store.list(STAGING)) {
            String name = key.substring(STAGING.length());
            int dash = name.indexOf('-');
            try {
                if (dash > 0 && Long.parseLong(name.substring(0, dash)) < cutoff) {
                    store.remove(key);
                    removed++;
                }
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
        return removed;
    }

    private void removeStaging(String staging) {
        try {
            store.remove(staging);
        } catch (StorageException e) {
            LOG.warnf("Could not remove the staging object %s (the purge retries): %s", staging, e.getMessage());
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
