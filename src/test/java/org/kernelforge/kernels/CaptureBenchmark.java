package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.FileTrees;
import org.kernelforge.runs.OutputFile;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.storage.BlobLocation;
import org.kernelforge.storage.BlobPack;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.ObjectStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Capture of a tree of many small files (src/bench/capture-benchmark.sh): the capture of this code (listing,
 * parallel hashing, small files written several to a pack object, multi-row manifest inserts) beside the one before
 * packs (parallel hashing, one PUT per distinct file on 8 threads), on the same kinds of trees, against the test
 * services; a tree of a few large files shows that they are stored as before; then end to end, a real run that
 * writes distinct small files, with the capture time the version records.
 * Enabled by -Dkf.bench.capture-files=N; -Dkf.bench.capture-before-files=M sizes the trees of the way before packs
 * (0: only the end-to-end run).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "kf.bench.capture-files", matches = "\\d+")
class CaptureBenchmark {

    private static final double TARGET_SECONDS = 15;

    @Inject
    OutputCapture capture;
    @Inject
    WorkingDirectories directories;
    @Inject
    BlobStore blobs;
    @Inject
    ObjectStore store;
    /** Blobs the trees of distinct files added. */
    private final java.util.Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Test
    void captureATreeOfManySmallFiles() throws Exception {
        int files = Integer.getInteger("kf.bench.capture-files");
        int beforeFiles = Integer.getInteger("kf.bench.capture-before-files", files);
        Account owner = TestAccounts.signUp("bench");
        Path work = Files.createDirectories(Path.of("target", "capture-bench").toAbsolutePath());
        Instant benchStarted = Instant.now();
        System.out.printf(Locale.ROOT, "%-16s %9s %10s %18s %12s %12s %8s%n", "tree", "files", "MB",
                "blob per file s", "packed s", "files/s now", "ratio");
        try {
            if (beforeFiles > 0) {
                compare(owner, work, "small distinct", files, beforeFiles, Tree.SMALL);
                compare(owner, work, "empty", files, 0, Tree.EMPTY);
                compare(owner, work, "large 8 x 16 MiB", 8, 8, Tree.LARGE);
            }
        } finally {
            removeStored(benchStarted);
        }
        System.out.printf(Locale.ROOT, "load average %.1f on %d cores%n", loadAverage(), Runtime.getRuntime().availableProcessors());
        endToEnd(owner, files);
        System.out.printf(Locale.ROOT, "load average %.1f on %d cores%n", loadAverage(), Runtime.getRuntime().availableProcessors());
    }

    private enum Tree { EMPTY, SMALL, LARGE }

    /** One kind of tree, captured the way before packs (on {@code beforeFiles}; 0: not at all) and now. */
    private void compare(Account owner, Path work, String kind, int files, int beforeFiles, Tree tree) throws Exception {
        Path base = work.resolve(kind.replaceAll("[^a-z0-9]+", "-"));
        try {
            RunDirectories now = tree(base.resolve("now"), files, tree);
            double megabytes = sizeOf(now.working()) / 1e6;
            double packed = captureNow(owner, now, files);
            String before = "-";
            String ratio = "";
            if (beforeFiles > 0) {
                double blobPerFile = captureOneBlobPerFile(owner, tree(base.resolve("before"), beforeFiles, tree));
                double perFileNow = packed / files;
                double perFileBefore = blobPerFile / beforeFiles;
                before = String.format(Locale.ROOT, "%.2f%s", blobPerFile, beforeFiles == files ? "" : " (" + beforeFiles + ")");
                ratio = String.format(Locale.ROOT, "%.1fx", perFileBefore / perFileNow);
            }
            System.out.printf(Locale.ROOT, "%-16s %9d %10.1f %18s %12.2f %12.0f %8s%n", kind, files, megabytes, before,
                    packed, files / packed, ratio);
        } finally {
            FileTrees.deleteTree(base);
        }
    }

    /** A real run writing distinct small files, pushed like any other; the version records its capture time. */
    private static void endToEnd(Account owner, int files) {
        String slug = "capture-bench-" + System.nanoTime();
        long pushed = System.nanoTime();
        int version = KernelFixtures.push(owner, slug, KernelFixtures.script("""
                import os
                for i in range(%d):
                    d = '/kaggle/working/d%%03d' %% (i // 1000)
                    if i %% 1000 == 0:
                        os.makedirs(d)
                    with open('%%s/f%%d' %% (d, i), 'w') as f:
                        f.write('file %%d of a bench run\\n' %% i)
                """.formatted(files)));
        Map<String, Object> v = KernelFixtures.awaitFinished(owner, slug, version, Duration.ofMinutes(10));
        double total = (System.nanoTime() - pushed) / 1e9;
        Number captureMillis = (Number) v.get("captureMillis");
        double captured = captureMillis == null ? Double.NaN : captureMillis.doubleValue() / 1000;
        System.out.printf(Locale.ROOT, "end to end: a run writing %d distinct small files: %s, capture %.2f s (target: under %.0f s), "
                + "push to %s %.1f s%n", files, v.get("status"), captured, TARGET_SECONDS, v.get("status"), total);
    }

    /** Seconds to capture the tree and record its manifest, as a run's capture does now. */
    private double captureNow(Account owner, RunDirectories dirs, int files) throws IOException {
        long versionId = quickSave(owner);
        long start = System.nanoTime();
        VersionResults.Capture captured = capture.capture(versionId, dirs, true);
        QuarkusTransaction.requiringNew().run(() -> KernelVersionOutput.insertAll(versionId, captured.outputs()));
        double seconds = (System.nanoTime() - start) / 1e9;
        captured.outputs().forEach(o -> stored.add(o.sha256()));
        if (captured.outputs().size() != files) {
            throw new IllegalStateException("captured " + captured.outputs().size() + " of " + files);
        }
        return seconds;
    }

    /**
     * The capture before packs: the files hashed and sent on 8 threads, each distinct content one object of its own
     * (one PUT), then the same multi-row manifest inserts.
     */
    private double captureOneBlobPerFile(Account owner, RunDirectories dirs) throws Exception {
        long versionId = quickSave(owner);
        long start = System.nanoTime();
        List<OutputFile> listed = directories.listOutputs(dirs.working()).files();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(8);
        List<KernelVersionOutput.Row> rows;
        try {
            rows = pool.submit(() -> listed.parallelStream().map(file -> {
                BlobStore.Blob blob = blobs.store(directories.outputFile(dirs.working(), file));
                stored.add(blob.sha256());
                return new KernelVersionOutput.Row(file.path(), blob.size(), blob.sha256(), file.mode());
            }).toList()).get();
        } finally {
            pool.shutdown();
        }
        QuarkusTransaction.requiringNew().run(() -> KernelVersionOutput.insertAll(versionId, rows));
        return (System.nanoTime() - start) / 1e9;
    }

    /** A run's directories whose working directory holds {@code files} files, 1,000 per folder. */
    private static RunDirectories tree(Path root, int files, Tree kind) throws IOException {
        Path working = root.resolve("working");
        byte[] large = new byte[16 << 20];
        for (int i = 0; i < files; i++) {
            Path dir = working.resolve(String.format("d%03d", i / 1000));
            if (i % 1000 == 0) {
                Files.createDirectories(dir);
            }
            Path file = dir.resolve("f" + i);
            switch (kind) {
                case EMPTY -> Files.createFile(file);
                case SMALL -> Files.write(file, ("file " + i + " of a bench tree " + System.nanoTime() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                case LARGE -> {
                    java.util.concurrent.ThreadLocalRandom.current().nextBytes(large);
                    Files.write(file, large);
                }
            }
        }
        return new RunDirectories(root, working, Files.createDirectories(root.resolve("platform")), false);
    }

    /** The blobs and packs the trees added: removed at the end, the test bucket stays small. */
    private void removeStored(Instant since) {
        List<String> packs = QuarkusTransaction.requiringNew().call(() ->
                BlobPack.<BlobPack>list("createdAt >= ?1", since).stream().map(p -> p.objectKey).toList());
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(8);
        try {
            pool.submit(() -> {
                stored.parallelStream().forEach(sha -> store.remove(BlobStore.key(sha)));
                packs.parallelStream().forEach(store::remove);
            }).join();
        } finally {
            pool.shutdown();
        }
        if (!packs.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> {
                BlobLocation.delete("objectKey in ?1", packs);
                BlobPack.delete("objectKey in ?1", packs);
            });
        }
        stored.clear();
    }

    private static long sizeOf(Path root) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long quickSave(Account owner) {
        String slug = "capture-bench-" + System.nanoTime();
        Map<String, Object> push = KernelFixtures.script("print('bench')");
        push.put("mode", "quick");
        int number = KernelFixtures.push(owner, slug, push);
        return QuarkusTransaction.requiringNew().call(() -> KernelVersion.byNumber(
                Kernel.<Kernel>find("ownerName = ?1 and slug = ?2", owner.username(), slug).firstResult(), number).orElseThrow().id);
    }

}
