package org.kernelforge.storage;

import org.kernelforge.platform.ServiceOutages;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stores many local files at once (a run's output tree): hashed on several threads, each distinct content sent
 * once (a hundred thousand empty files are one blob), the sends in parallel. Content smaller than the pack
 * threshold goes into packs ({@link BlobPacks}) unless it is stored already; larger content is an object of its
 * own. One PUT per file held a run slot for minutes on a tree of small files (about 400 files a second).
 */
@ApplicationScoped
public class BlobBatches {

    /** Threads hashing and sending; the work waits on disk and on the object store more than on the CPU. */
    private static final int THREADS = 8;
    /** Files per hashing task: small enough to spread, large enough that a task costs more than its scheduling. */
    private static final int FILES_PER_TASK = 256;
    private static final int READ_BUFFER = 256 * 1024;
    private static final String EMPTY_SHA256 = HexFormat.of().formatHex(BlobStore.newDigest().digest());

    private final BlobStore blobs;
    private final BlobPacks packs;
    private final BlobLocations locations;
    private final BlobCache cache;
    private final long packBelow;
    private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "blob-batch");
        thread.setDaemon(true);
        return thread;
    });
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[READ_BUFFER]);

    BlobBatches(BlobStore blobs, BlobPacks packs, BlobLocations locations, BlobCache cache, StorageConfig config) {
        this.blobs = blobs;
        this.packs = packs;
        this.locations = locations;
        this.cache = cache;
        this.packBelow = config.packFilesBelow();
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** A local file to store and its size as listed (a file of size 0 is not even opened). */
    public record LocalFile(Path path, long size) {
    }

    /** Stores the files; answers their blobs in the same order. Fails whole when any file cannot be stored. */
    public List<BlobStore.Blob> storeAll(List<LocalFile> files) {
        List<BlobStore.Blob> hashed = hashAll(files);
        Map<String, Integer> firstWithContent = new LinkedHashMap<>();
        for (int i = 0; i < hashed.size(); i++) {
            firstWithContent.putIfAbsent(hashed.get(i).sha256(), i);
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(firstWithContent.size());
        List<Integer> small = new ArrayList<>();
        for (int i : firstWithContent.values()) {
            BlobStore.Blob blob = hashed.get(i);
            if (blob.size() < packBelow) {
                small.add(i);
                continue;
            }
            Path file = files.get(i).path();
            sends.add(CompletableFuture.runAsync(() -> {
                try {
                    blobs.storeHashed(file, blob.size(), blob.sha256());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, workers));
        }
        sends.addAll(packs.packAll(unstored(small, files, hashed), workers));
        join(sends);
        return hashed;
    }

    /** The small contents not stored yet: neither packed (or streamed) before, nor a blob this server holds. */
    private List<BlobPacks.Content> unstored(List<Integer> small, List<LocalFile> files, List<BlobStore.Blob> hashed) {
        if (small.isEmpty()) {
            return List.of();
        }
        List<String> sha256s = small.stream().map(i -> hashed.get(i).sha256()).toList();
        Set<String> recorded = new java.util.HashSet<>();
        // a capture waits for a restarting database, as the run's results do, rather than fail the version
        ServiceOutages.retryWhileDatabaseDown(() -> recorded.addAll(locations.findAll(sha256s).keySet()));
        List<BlobPacks.Content> contents = new ArrayList<>(small.size());
        for (int i : small) {
            BlobStore.Blob blob = hashed.get(i);
            if (!recorded.contains(blob.sha256()) && !cache.holds(blob.sha256())) {
                contents.add(new BlobPacks.Content(files.get(i).path(), blob.sha256(), blob.size()));
            }
        }
        return contents;
    }

    private List<BlobStore.Blob> hashAll(List<LocalFile> files) {
        BlobStore.Blob[] hashed = new BlobStore.Blob[files.size()];
        List<CompletableFuture<?>> tasks = new ArrayList<>();
        for (int start = 0; start < files.size(); start += FILES_PER_TASK) {
            int from = start;
            int to = Math.min(files.size(), start + FILES_PER_TASK);
            tasks.add(CompletableFuture.runAsync(() -> {
                for (int i = from; i < to; i++) {
                    hashed[i] = hash(files.get(i));
                }
            }, workers));
        }
        join(tasks);
        return List.of(hashed);
    }

    private BlobStore.Blob hash(LocalFile local) {
        if (local.size() == 0) {
            return new BlobStore.Blob(EMPTY_SHA256, 0);
        }
        Path file = local.path();
        try {
            MessageDigest digest = BlobStore.newDigest();
            byte[] buffer = buffers.get();
            long read = 0;
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    read += n;
                }
            }
            return new BlobStore.Blob(HexFormat.of().formatHex(digest.digest()), read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void join(List<CompletableFuture<?>> tasks) {
        try {
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            tasks.forEach(t -> t.cancel(false));
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
