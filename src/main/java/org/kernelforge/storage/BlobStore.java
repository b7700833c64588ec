package org.kernelforge.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.PlatformConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
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
    /**
     * Content up to this size is sent without asking first whether it is stored: one PUT costs what the
     * existence check would, and writing the same bytes under their own hash again changes nothing.
     */
    static final long SEND_WITHOUT_CHECK_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(BlobStore.class);

    private final ObjectStore store;
    private final Path spoolDir;

    private final BlobCache cache;

    public BlobStore(ObjectStore store, PlatformConfig platform, BlobCache cache) {
        this.store = store;
        this.cache = cache;
        this.spoolDir = platform.dataDir().toAbsolutePath().resolve("tmp").resolve("blobs");
    }

    /** Stores a local file: hashed first, and not sent at all when the same content is already stored. */
    public Blob store(Path file) {
        try {
            return put(file, Files.size(file), sha256(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores exactly {@code size} bytes read from a stream (a request body): they are hashed while they are
     * written to a local spool file at disk speed, then sent once under their blob key unless that content
     * is stored already. A blob key only ever holds complete content of its own sha256. A stream that ends
     * before {@code size} bytes, or goes on after, stores nothing.
     */
    public Blob store(InputStream in, long size) {
        Path spool = null;
        try {
            Files.createDirectories(spoolDir);
            spool = Files.createTempFile(spoolDir, "blob-", ".part");
            MessageDigest digest = newDigest();
            long received;
            try (InputStream hashing = new DigestInputStream(in, digest)) {
                received = copy(hashing, spool, size + 1);
            }
            if (received != size) {
                throw new StorageException("Expected " + size + " bytes but received " + received, null);
            }
            return put(spool, size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(spool);
        }
    }

    private Blob put(Path file, long size, String sha256) throws IOException {
        String key = key(sha256);
        if (size <= SEND_WITHOUT_CHECK_BYTES || !store.exists(key)) {
            try (InputStream in = Files.newInputStream(file)) {
                store.put(key, in, size, "application/octet-stream");
            }
        }
        cache.adopt(file, sha256);
        return new Blob(sha256, size);
    }

    /** Copies at most {@code limit} bytes; answers how many there were. */
    private static long copy(InputStream in, Path target, long limit) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0; ) {
                out.write(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("Could not delete the spool file %s: %s", file, e.getMessage());
            }
        }
    }

    /** Stores small content held in memory (sources, rendered pages); large content goes through {@link #store(Path)}. */
    public Blob store(byte[] content) {
        String sha256 = HexFormat.of().formatHex(newDigest().digest(content));
        String key = key(sha256);
        if (content.length <= SEND_WITHOUT_CHECK_BYTES || !store.exists(key)) {
            store.put(key, new java.io.ByteArrayInputStream(content), content.length, "application/octet-stream");
        }
        cache.keep(content, sha256);
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
