package org.kernelforge.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Content-addressed blobs: each distinct content is stored once, under its sha256.
 * Datasets, kernel outputs and submissions all keep their bytes here.
 */
@ApplicationScoped
public class BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 1 << 20;
    private static final int RELAY_BUFFER = 256 * 1024;
    /** Parts of a streamed blob, and how many an upload holds, filling or on their way ({@link PartedUpload}). */
    static final int STREAM_PART_BYTES = 16 << 20;
    private static final int PARTS_HELD = 3;
    /**
     * Content up to this size is sent without asking first whether it is stored: one PUT costs what the
     * existence check would, and writing the same bytes under their own hash again changes nothing.
     */
    static final long SEND_WITHOUT_CHECK_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(BlobStore.class);

    private final ObjectStore store;

    private final BlobCache cache;
    private final BlobLocations locations;
    private final PartBuffers partBuffers;
    /** Threads that send the parts of streamed blobs while the request threads receive the next ones. */
    private final ExecutorService senders = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "blob-sender");
        thread.setDaemon(true);
        return thread;
    });

    public BlobStore(ObjectStore store, BlobCache cache, BlobLocations locations, PartBuffers partBuffers) {
        this.store = store;
        this.partBuffers = partBuffers;
        this.cache = cache;
        this.locations = locations;
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
     * Stores the bytes read from a stream (a request body): exactly {@code size} of them, or all there are when
     * {@code size} is -1. They go to the object store while they arrive, under a key of their own (their sha256
     * is known only at the end), hashed and copied into the local cache on the way; a second copy of content
     * already stored is deleted at the end. A stream that fails, ends before {@code size} bytes or goes on after
     * stores nothing. Small content is sent once it is read, under its canonical key.
     */
    public Blob store(InputStream in, long size) {
        try {
            int headLimit = (int) Math.min(SEND_WITHOUT_CHECK_BYTES, size < 0 ? Long.MAX_VALUE : size) + 1;
            byte[] head = in.readNBytes(headLimit);
            if (head.length <= SEND_WITHOUT_CHECK_BYTES) {
                expectLength(size, head.length);
                return store(head);
            }
            return streamed(head, in, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Blob streamed(byte[] head, InputStream in, long size) throws IOException {
        String key = "blobs/by-upload/" + UUID.randomUUID();
        PartedUpload upload = new PartedUpload(store, key, senders, partBuffers, PARTS_HELD);
        MessageDigest digest = newDigest();
        BlobCache.Entry cached = cache.newEntry();
        try {
            long received = relay(head, in, size, digest, upload, cached);
            expectLength(size, received);
            upload.finish();
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (isStored(sha256) || !locations.record(sha256, key)) {
                removeQuietly(key);
            }
            if (cached != null) {
                cached.keep(sha256);
            }
            return new Blob(sha256, received);
        } catch (RuntimeException | IOException | Error e) {
            upload.abort();
            removeQuietly(key);
            if (cached != null) {
                cached.close();
            }
            throw e;
        } finally {
            upload.release();
        }
    }

    /**
     * Passes the bytes on to the object store and the cache, hashing them; reads at most one byte more than
     * {@code size}, so that a longer stream is seen without reading it all.
     */
    private static long relay(byte[] head, InputStream in, long size, MessageDigest digest, OutputStream sink,
                              BlobCache.Entry cached) throws IOException {
        long limit = size < 0 ? Long.MAX_VALUE : size + 1;
        pass(head, head.length, digest, sink, cached);
        long total = head.length;
        byte[] buffer = new byte[RELAY_BUFFER];
        for (int n; total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0; ) {
            pass(buffer, n, digest, sink, cached);
            total += n;
        }
        return total;
    }

    private static void pass(byte[] bytes, int length, MessageDigest digest, OutputStream sink, BlobCache.Entry cached)
            throws IOException {
        sink.write(bytes, 0, length);
        digest.update(bytes, 0, length);
        if (cached != null) {
            cached.write(bytes, 0, length);
        }
    }

    private static void expectLength(long size, long received) {
        if (size >= 0 && received != size) {
            throw new StorageException("Expected " + size + " bytes but received " + received, null);
        }
    }

    private void removeQuietly(String key) {
        try {
            store.remove(key);
        } catch (StorageException e) {
            LOG.warnf("Could not remove the object %s: %s", key, e.getMessage());
        }
    }

    /** Stores a local file whose content was hashed already ({@link BlobBatches}). */
    Blob storeHashed(Path file, long size, String sha256) throws IOException {
        return put(file, size, sha256);
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
        return isStored(sha256);
    }

    private boolean isStored(String sha256) {
        return locations.find(sha256).isPresent() || store.exists(key(sha256));
    }

    public InputStream open(String sha256) {
        BlobLocations.Location location = locate(sha256);
        return location.packed() ? range(location, 0, location.length()) : store.open(location.objectKey());
    }

    public InputStream openRange(String sha256, long offset, long length) {
        BlobLocations.Location location = locate(sha256);
        return location.packed() ? range(location, offset, length) : store.openRange(location.objectKey(), offset, length);
    }

    /** Bytes of a packed blob: a ranged read of its pack (none at all for an empty range, which S3 cannot express). */
    private InputStream range(BlobLocations.Location packed, long offset, long length) {
        long available = Math.max(0, Math.min(length, packed.length() - offset));
        return available == 0 ? InputStream.nullInputStream()
                : store.openRange(packed.objectKey(), packed.offset() + offset, available);
    }

    /** Where a blob is: recorded when it was streamed in or packed, else its canonical key. */
    private BlobLocations.Location locate(String sha256) {
        String canonical = key(sha256);
        return locations.find(sha256).orElseGet(() -> BlobLocations.Location.whole(canonical));
    }

    /** The canonical object key of a blob (where it is unless {@code blob_locations} names another). */
    public static String key(String sha256) {
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
