package org.kernelforge.bench;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads and downloads one file through the dataset API and, side by side, straight to the object
 * store with the MinIO SDK; prints throughput of both, their ratio, and the server's peak resident
 * memory during the API transfers. Run by src/bench/transfer-benchmark.sh, which starts the server.
 */
public final class TransferBenchmark {

    private static final int BLOCK = 8 << 20;
    private static final long WARM_UP_BYTES = 256L << 20;
    private static final long SETTLE_MILLIS = 1000;

    private final BenchArgs args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final okhttp3.OkHttpClient okhttp = new okhttp3.OkHttpClient.Builder()
            .readTimeout(java.time.Duration.ofMinutes(5)).build();
    private final MinioClient s3;
    private final String bucket;
    private final String authorization;
    private final long serverPid;

    private TransferBenchmark(BenchArgs args) throws IOException {
        this.args = args;
        this.s3 = MinioClient.builder().endpoint(args.get("s3-endpoint"))
                .credentials(args.get("s3-access-key"), args.get("s3-secret-key")).build();
        this.bucket = args.get("bucket");
        this.authorization = args.adminAuthorization();
        this.serverPid = Long.parseLong(args.get("server-pid"));
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        TransferBenchmark bench = new TransferBenchmark(args);
        int repeats = Integer.parseInt(args.get("repeats", "3"));
        // every path once, not counted: both sides are measured with their code compiled, not while the JIT works
        bench.run(WARM_UP_BYTES, "warm-up", 1, false);
        System.out.printf("server RSS after a %d MiB warm-up round: %d MiB%n", WARM_UP_BYTES >> 20, rss(bench.serverPid) >> 20);
        System.out.printf("%-8s %-20s %12s %12s %7s %16s%n", "size", "direction", "direct MB/s", "API MB/s", "ratio", "server peak RSS");
        System.out.printf("(medians of %d alternated runs each)%n", repeats);
        for (String size : args.get("sizes", "256M,2G").split(",")) {
            bench.run(parseSize(size), size, repeats, true);
        }
    }

    /**
     * Each way of moving the file, {@code repeats} times, the ways alternating within each round so that a busy
     * moment of the machine falls on all of them; prints the median of each, and the peak RSS of the server over
     * all its transfers of that way. Every upload sends new content, so content addressing cannot skip it.
     */
    private void run(long size, String label, int repeats, boolean report) throws Exception {
        Path file = Path.of(args.get("workdir")).resolve("bench-" + label + ".bin");
        generate(file, size);
        String name = file.getFileName().toString();
        String slug = "bench-" + label.toLowerCase(Locale.ROOT) + "-" + System.currentTimeMillis();
        Figures directPut = new Figures(), apiPut = new Figures(), rawPut = new Figures();
        Figures directGet = new Figures(), apiGet = new Figures(), apiGetStore = new Figures();
        try {
            for (int round = 0; round < repeats; round++) {
                String directKey = directKey(label, round);
                alter(file);
                measure(directPut, size, false, () -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(directKey).stream(in, size, 64L << 20).build());
                    }
                });
                alter(file);
                String apiSlug = slug + "-" + round;
                measure(apiPut, size, true, () -> upload(file, apiSlug));
                // the raw blob upload of Kaggle's client (PUT to a token, then a JSON create)
                alter(file);
                measure(rawPut, size, true, () -> rawUpload(file, apiSlug + "-raw"));
                delete(apiSlug + "-raw");
            }
            for (int round = 0; round < repeats; round++) {
                String directKey = directKey(label, round);
                measure(directGet, size, false, () -> {
                    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(directKey).build())) {
                        drain(in, size);
                    }
                });
                String apiSlug = slug + "-" + round;
                measure(apiGet, size, true, () -> download(apiSlug, name, size));
                // the same download once the server's blob cache no longer has the file: streamed from the object store
                clearServerCache();
                measure(apiGetStore, size, true, () -> download(apiSlug, name, size));
            }
        } finally {
            for (int round = 0; round < repeats; round++) {
                s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(directKey(label, round)).build());
                delete(slug + "-" + round);
            }
            Files.deleteIfExists(file);
        }
        if (report) {
            print(label, "upload", directPut, apiPut);
            print(label, "download", directGet, apiGet);
            print(label, "download (uncached)", directGet, apiGetStore);
            print(label, "upload (raw blob)", directPut, rawPut);
        }
    }

    private static String directKey(String label, int round) {
        return "bench/direct-" + label + "-" + round;
    }

    private static void print(String label, String direction, Figures direct, Figures api) {
        System.out.printf("%-8s %-20s %12.1f %12.1f %6.0f%% %13d MiB   (API runs: %s; server CPU s: %s)%n", label,
                direction, direct.median(), api.median(), 100 * api.median() / direct.median(), api.peak >> 20, api.runs(),
                api.cpuRuns());
    }

    /** The throughputs of one way of moving the file, the server's CPU time for each, and its peak RSS during them. */
    private static final class Figures {
        private final List<Double> throughputs = new ArrayList<>();
        private final List<Double> cpuSeconds = new ArrayList<>();
        private long peak;

        void add(double throughput, long peakRss, double cpu) {
            throughputs.add(throughput);
            cpuSeconds.add(cpu);
            peak = Math.max(peak, peakRss);
        }

        String cpuRuns() {
            return String.join(" ", cpuSeconds.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).toList());
        }

        double median() {
            List<Double> sorted = throughputs.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        String runs() {
            return String.join(" ", throughputs.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList());
        }
    }

    /** Overwrites the first bytes with fresh random ones, so the file's sha256 is new. */
    private static void alter(Path file) throws IOException {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.writeLong(System.nanoTime());
        }
    }

    private void clearServerCache() throws IOException {
        Path cache = Path.of(args.get("cache-dir"));
        if (Files.isDirectory(cache)) {
            try (var walk = Files.walk(cache)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!p.equals(cache)) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** The way of Kaggle's client and of large files: announce, PUT the raw bytes to the token, create from it. */
    private void rawUpload(Path file, String slug) throws Exception {
        String start = "{\"type\":\"DATASET\",\"name\":\"" + file.getFileName() + "\",\"contentLength\":" + Files.size(file) + "}";
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(args.get("server") + "/api/blobs/uploads"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(start)).build(), HttpResponse.BodyHandlers.ofString());
        expect(started, 201);
        String token = field(started.body(), "token");
        // the createUrl carries the server's public URL; the benchmark talks to the address it was given
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(args.get("server") + "/api/blobs/uploads/" + token))
                .header("Content-Type", "application/octet-stream")
                .PUT(BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        expect(put, 200);
        String create = "{\"title\":\"Transfer benchmark " + slug + "\",\"id\":\"admin/" + slug
                + "\",\"isPrivate\":true,\"files\":[{\"token\":\"" + token + "\"}]}";
        expect(http.send(HttpRequest.newBuilder(URI.create(args.get("server") + "/api/datasets"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(create)).build(), HttpResponse.BodyHandlers.ofString()), 201);
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no '" + name + "' in " + json);
        }
        return m.group(1);
    }

    private void upload(Path file, String slug) throws Exception {
        String boundary = "kfbench" + System.nanoTime();
        String metadata = "{\"title\":\"Transfer benchmark " + slug + "\",\"id\":\"admin/" + slug + "\",\"isPrivate\":true}";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + metadata + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(args.get("server") + "/api/datasets"))
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofFile(file), BodyPublishers.ofString(tail)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * Downloads with OkHttp, the HTTP client the MinIO SDK uses for the direct GET, so the two figures differ by the
     * server only (the JDK client alone tops out well below what either server delivers on loopback).
     */
    private void download(String slug, String name, long size) throws Exception {
        okhttp3.Request request = new okhttp3.Request.Builder()
                .url(args.get("server") + "/api/datasets/admin/" + slug + "/versions/1/files/" + name)
                .header("Authorization", authorization).build();
        try (okhttp3.Response response = okhttp.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException("download answered " + response.code());
            }
            try (InputStream in = response.body().byteStream()) {
                drain(in, size);
            }
        }
    }

    private void delete(String slug) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(args.get("server") + "/api/datasets/admin/" + slug))
                .header("Authorization", authorization).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void drain(InputStream in, long expected) throws IOException {
        long total = in.transferTo(OutputStream.nullOutputStream());
        if (total != expected) {
            throw new IllegalStateException("read " + total + " bytes, expected " + expected);
        }
    }

    /** Random bytes, fresh each run, so content addressing cannot skip the upload. */
    private static void generate(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        byte[] block = new byte[BLOCK];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; ) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                int n = (int) Math.min(block.length, size - written);
                out.write(block, 0, n);
                written += n;
            }
        }
    }

    private interface Transfer {
        void run() throws Exception;
    }

    /**
     * Runs the transfer and records its throughput in MB/s (10^6 bytes), with the server's peak RSS during it when
     * the server takes part. The disk writes that the transfer before left in the page cache are flushed first, so
     * no transfer pays for the write-back of another.
     */
    private void measure(Figures figures, long size, boolean throughServer, Transfer transfer) throws Exception {
        settle();
        RssSampler rss = throughServer ? new RssSampler(serverPid) : null;
        double cpu = throughServer ? cpuSeconds(serverPid) : 0;
        long start = System.nanoTime();
        transfer.run();
        double throughput = size / 1e6 / ((System.nanoTime() - start) / 1e9);
        figures.add(throughput, rss == null ? 0 : rss.stop(), throughServer ? cpuSeconds(serverPid) - cpu : 0);
    }

    private static void settle() throws IOException, InterruptedException {
        if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("sync failed");
        }
        Thread.sleep(SETTLE_MILLIS);
    }

    private static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = t.endsWith("G") ? 1L << 30 : t.endsWith("M") ? 1L << 20 : 1;
        return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    }

    /** The resident memory of a process now, in bytes (0 if it cannot be read). */
    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) << 10;
            }
        }
        return 0;
    }

    /** The CPU time a process has used so far (user and system, from /proc/PID/stat, in ticks of 1/100 s). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3 of the whole line, utime 14 and stime 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Samples VmRSS of a process every 50 ms and keeps the maximum. */
    private static final class RssSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        RssSampler(long pid) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        peak.accumulateAndGet(rss(pid), Math::max);
                        Thread.sleep(50);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peak.get();
        }
    }
}
