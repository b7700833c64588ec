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
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.ObjectStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Capture of a tree of many small files (src/bench/capture-benchmark.sh): the capture of this code (listing,
 * parallel hashing, one send per distinct content, multi-row manifest inserts) beside the one before it (one
 * hash, one PUT and one entity insert per file, in turn), on the same trees, against the test services; then
 * end to end, a real run that writes the empty files, with the capture time the version records.
 * Enabled by -Dkf.bench.capture-files=N; -Dkf.bench.capture-before-files=M sizes the trees of the old way (0: only
 * the end-to-end run).
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
    /** Blobs the trees of distinct files added: removed at the end, the test bucket stays small. */
    private final java.util.Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Test
    void captureATreeOfManySmallFiles() throws Exception {
        int files = Integer.getInteger("kf.bench.capture-files");
        int beforeFiles = Integer.getInteger("kf.bench.capture-before-files", Math.min(files, 10_000));
        Account owner = TestAccounts.signUp("bench");
        Path work = Files.createDirectories(Path.of("target", "capture-bench").toAbsolutePath());
        System.out.printf(Locale.ROOT, "%-28s %9s %12s %12s %10s%n", "tree", "files", "before s", "now s", "files/s now");
        for (String kind : beforeFiles == 0 ? new String[0] : new String[] {"empty", "small distinct"}) {
            boolean empty = kind.equals("empty");
            Path base = work.resolve(kind.replace(' ', '-'));
            try {
                double now = captureNow(owner, tree(base.resolve("now-" + files), files, empty), files);
                double nowSmall = files == beforeFiles ? now
                        : captureNow(owner, tree(base.resolve("now-" + beforeFiles), beforeFiles, empty), beforeFiles);
                double before = captureBefore(owner, tree(base.resolve("before-" + beforeFiles), beforeFiles, empty));
                if (files != beforeFiles) {
                    System.out.printf(Locale.ROOT, "%-28s %9d %12s %12.2f %10.0f%n", kind, files, "-", now, files / now);
                }
                System.out.printf(Locale.ROOT, "%-28s %9d %12.2f %12.2f %10.0f   (now %.1fx faster)%n", kind, beforeFiles,
                        before, nowSmall, beforeFiles / nowSmall, before / nowSmall);
            } finally {
                FileTrees.deleteTree(base);
            }
        }
        removeStoredBlobs();
        endToEnd(owner, files);
    }

    /** A real run writing the empty files, pushed like any other; the version records its capture time. */
    private static void endToEnd(Account owner, int files) {
        String slug = "capture-bench-" + System.nanoTime();
        long pushed = System.nanoTime();
        int version = KernelFixtures.push(owner, slug, KernelFixtures.script("""
                import os
                for i in range(%d):
                    d = '/kaggle/working/d%%03d' %% (i // 1000)
                    if i %% 1000 == 0:
                        os.makedirs(d)
                    open('%%s/f%%d' %% (d, i), 'w').close()
                """.formatted(files)));
        Map<String, Object> v = KernelFixtures.awaitFinished(owner, slug, version, Duration.ofMinutes(10));
        double total = (System.nanoTime() - pushed) / 1e9;
        Number captureMillis = (Number) v.get("captureMillis");
        double captured = captureMillis == null ? Double.NaN : captureMillis.doubleValue() / 1000;
        System.out.printf(Locale.ROOT, "end to end: a run writing %d empty files: %s, capture %.2f s (target: under %.0f s), "
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

    /** The capture this code replaces, as it was: one file after the other, one entity insert per file. */
    private double captureBefore(Account owner, RunDirectories dirs) throws IOException {
        long versionId = quickSave(owner);
        long start = System.nanoTime();
        List<KernelVersionOutput> outputs = new ArrayList<>();
        for (OutputFile file : directories.listOutputs(dirs.working()).files()) {
            BlobStore.Blob blob = blobs.store(directories.outputFile(dirs.working(), file));
            KernelVersionOutput output = new KernelVersionOutput();
            output.path = file.path();
            output.size = blob.size();
            output.sha256 = blob.sha256();
            output.mode = file.mode();
            outputs.add(output);
            stored.add(blob.sha256());
        }
        QuarkusTransaction.requiringNew().run(() -> outputs.forEach(o -> {
            o.versionId = versionId;
            o.persist();
        }));
        return (System.nanoTime() - start) / 1e9;
    }

    /** A run's directories whose working directory holds {@code files} files, 1,000 per folder. */
    private static RunDirectories tree(Path root, int files, boolean empty) throws IOException {
        Path working = root.resolve("working");
        for (int i = 0; i < files; i++) {
            Path dir = working.resolve(String.format("d%03d", i / 1000));
            if (i % 1000 == 0) {
                Files.createDirectories(dir);
            }
            Path file = dir.resolve("f" + i);
            if (empty) {
                Files.createFile(file);
            } else {
                Files.write(file, ("file " + i + " of a bench tree " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return new RunDirectories(root, working, Files.createDirectories(root.resolve("platform")), false);
    }

    private void removeStoredBlobs() {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(8);
        try {
            pool.submit(() -> stored.parallelStream().forEach(sha ->
                    store.remove("blobs/sha256/" + sha.substring(0, 2) + "/" + sha))).join();
        } finally {
            pool.shutdown();
        }
        stored.clear();
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
