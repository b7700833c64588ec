package org.kernelforge.storage;

import org.kernelforge.platform.ServiceOutages;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes many small blobs into pack objects, one after the other (as CodaLab keeps a bundle's small files): each
 * pack is streamed to the object store in parts while it fills, never held whole, and recorded in the database with
 * the place of each blob in it ({@link BlobLocations#recordPack}) only once it is stored. A pack that fails is
 * dropped whole; packs recorded before it hold content that is stored, and still serve as copies of it.
 */
@ApplicationScoped
public class BlobPacks {

    static final String PREFIX = "blobs/packs/";
    /** Packs written at once: each reads its files on its own thread. */
    private static final int WRITERS = 4;
    /** Fewest blobs worth a writer of their own. */
    private static final int BLOBS_PER_WRITER = 2000;
    /** S3's smallest part is 5 MiB; two parts per pack in memory (filling, sending) bound what a writer holds. */
    private static final int PART_BYTES = 8 << 20;
    private static final int PARTS_HELD = 2;

    private final ObjectStore store;
    private final BlobLocations locations;
    private final long maxPackBytes;
    private final ExecutorService senders = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "pack-sender");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * How long a pack waits for its first part. Every writer that holds one moves on with it, so parts come free as
     * packs are sent; a wait this long means they do not (the object store stalls), and the capture fails rather than
     * leave its version running.
     */
    static final Duration PART_WAIT = Duration.ofMinutes(10);

    /** The packs' own part memory, apart from the uploads' budget: {@value #WRITERS} writers of {@value #PARTS_HELD} parts. */
    private final PartBuffers buffers = new PartBuffers(PART_BYTES, WRITERS * PARTS_HELD, PART_WAIT.toMillis(),
            () -> new StorageException("the output could not be packed: no memory to send its packs came free within "
                    + PART_WAIT.toMinutes() + " minutes", null));

    BlobPacks(ObjectStore store, BlobLocations locations, StorageConfig config, MeterRegistry metrics) {
        this.store = store;
        this.locations = locations;
        this.maxPackBytes = config.packMaxBytes();
        buffers.measure(metrics, "kernelforge.pack.buffers.used",
                "Memory held by the part buffers of output packs on their way to the object store");
    }

    /** A local file to pack with the sha256 and size it was hashed with. */
    record Content(Path file, String sha256, long size) {
    }

    /**
     * Packs the contents (distinct, each smaller than a pack), in their order, on up to {@value #WRITERS} of the
     * workers' threads. Answers when every pack is stored and recorded; fails when any is not.
     */
    List<CompletableFuture<?>> packAll(List<Content> contents, ExecutorService workers) {
        int writers = (int) Math.max(1, Math.min(WRITERS, Math.ceil(contents.size() / (double) BLOBS_PER_WRITER)));
        int perWriter = (contents.size() + writers - 1) / writers;
        List<CompletableFuture<?>> packing = new ArrayList<>();
        for (int start = 0; start < contents.size(); start += perWriter) {
            List<Content> slice = contents.subList(start, Math.min(contents.size(), start + perWriter));
            packing.add(CompletableFuture.runAsync(() -> packSlice(slice), workers));
        }
        return packing;
    }

    private void packSlice(List<Content> slice) {
        int from = 0;
        while (from < slice.size()) {
            long bytes = 0;
            int to = from;
            while (to < slice.size() && (to == from || bytes + slice.get(to).size() <= maxPackBytes)) {
                bytes += slice.get(to++).size();
            }
            try {
                pack(slice.subList(from, to));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            from = to;
        }
    }

    private void pack(List<Content> contents) throws IOException {
        String key = PREFIX + UUID.randomUUID();
        PartedUpload upload = new PartedUpload(store, key, senders, buffers, PARTS_HELD);
        MessageDigest packDigest = BlobStore.newDigest();
        MessageDigest fileDigest = BlobStore.newDigest();
        List<BlobLocations.PackEntry> entries = new ArrayList<>(contents.size());
        long offset = 0;
        try {
            for (Content content : contents) {
                byte[] bytes = read(content);
                if (!HexFormat.of().formatHex(fileDigest.digest(bytes)).equals(content.sha256())) {
                    throw new IOException(content.file().getFileName() + " changed while it was stored");
                }
                upload.write(bytes, 0, bytes.length);
                packDigest.update(bytes);
                entries.add(new BlobLocations.PackEntry(content.sha256(), offset, bytes.length));
                offset += bytes.length;
            }
            upload.finish();
        } catch (IOException | RuntimeException | Error e) {
            upload.abort();
            throw e;
        } finally {
            upload.release();
        }
        long packBytes = offset;
        String packSha256 = HexFormat.of().formatHex(packDigest.digest());
        ServiceOutages.retryWhileDatabaseDown(() -> locations.recordPack(key, packBytes, packSha256, entries));
    }

    private static byte[] read(Content content) throws IOException {
        if (content.size() == 0) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(content.file())) {
            return in.readNBytes((int) content.size() + 1);
        }
    }
}
