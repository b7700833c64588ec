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
        System.out.printf("%-8s %-20s %12s %12s %7s %16s%n", "size", "direction", "direct MB/s", "API MB/s", "ratio", "server peak RSS");
        for (String size : args.get("sizes", "256M,2G").split(",")) {
            bench.run(parseSize(size), size);
        }
    }

    private void run(long size, String label) throws Exception {
        Path file = Path.of(args.get("workdir")).resolve("bench-" + label + ".bin");
        generate(file, size);
        try {
            String directKey = "bench/direct-" + label;
            double directPut = timed(size, () -> {
                try (InputStream in = Files.newInputStream(file)) {
                    s3.putObject(PutObjectArgs.builder().bucket(bucket).object(directKey).stream(in, size, 64L << 20).build());
                }
            });
            double directGet = timed(size, () -> {
                try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(directKey).build())) {
                    drain(in, size);
                }
            });
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(directKey).build());

            String slug = "bench-" + label.toLowerCase(Locale.ROOT) + "-" + System.currentTimeMillis();
            String name = file.getFileName().toString();
            RssSampler uploadRss = new RssSampler(serverPid);
            double apiPut = timed(size, () -> upload(file, slug));
            long uploadPeak = uploadRss.stop();
            RssSampler downloadRss = new RssSampler(serverPid);
            double apiGet = timed(size, () -> download(slug, name, size));
            long downloadPeak = downloadRss.stop();
            // the same download once the server's blob cache no longer has the file: streamed from the object store
            clearServerCache();
            RssSampler storeRss = new RssSampler(serverPid);
            double apiGetStore = timed(size, () -> download(slug, name, size));
            long storePeak = storeRss.stop();
            delete(slug);

            // for information: the raw blob upload of Kaggle's client (PUT to a token, then a JSON create)
            String rawSlug = slug + "-raw";
            alter(file); // new content: content addressing must not skip this upload
            RssSampler rawRss = new RssSampler(serverPid);
            double rawPut = timed(size, () -> rawUpload(file, rawSlug));
            long rawPeak = rawRss.stop();
            delete(rawSlug);

            print(label, "upload", directPut, apiPut, uploadPeak);
            print(label, "download", directGet, apiGet, downloadPeak);
            print(label, "download (uncached)", directGet, apiGetStore, storePeak);
            print(label, "upload (raw blob)", directPut, rawPut, rawPeak);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void print(String label, String direction, double direct, double api, long peak) {
        System.out.printf("%-8s %-20s %12.1f %12.1f %6.0f%% %13d MiB%n", label, direction, direct, api, 100 * api / direct, peak >> 20);
    }

    /** The way of Kaggle's client and of large files: announce, PUT the raw bytes to the token, create from it. */
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

    /** Runs the transfer and answers its throughput in MB/s (10^6 bytes). */
    private static double timed(long size, Transfer transfer) throws Exception {
        long start = System.nanoTime();
        transfer.run();
        return size / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = t.endsWith("G") ? 1L << 30 : t.endsWith("M") ? 1L << 20 : 1;
        return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    }

    /** Samples VmRSS of a process every 50 ms and keeps the maximum. */
    private static final class RssSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        RssSampler(long pid) {
            Path status = Path.of("/proc/" + pid + "/status");
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        for (String line : Files.readAllLines(status)) {
                            if (line.startsWith("VmRSS:")) {
                                long kib = Long.parseLong(line.replaceAll("\\D", ""));
                                peak.accumulateAndGet(kib << 10, Math::max);
                            }
                        }
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
