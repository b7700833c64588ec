package org.kernelforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commit-to-complete time of a trivial script through the platform, beside a bare `docker run` of the
 * same command with the same hardening, alternated round by round; then a burst of commits through the
 * queue. Run by src/bench/kernel-overhead.sh, which starts the server.
 */
public final class KernelOverheadBenchmark {

    private static final String SCRIPT = "print('hi')";
    private static final long SETTLE_MILLIS = 1500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    private final BenchArgs args;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private KernelOverheadBenchmark(BenchArgs args) throws Exception {
        this.args = args;
        this.authorization = args.adminAuthorization();
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        KernelOverheadBenchmark bench = new KernelOverheadBenchmark(args);
        bench.overhead(Integer.parseInt(args.get("rounds", "15")));
        bench.queue(Integer.parseInt(args.get("queue", "40")));
    }

    private void overhead(int rounds) throws Exception {
        bare(); // warm the image's page cache and the server's code paths once, unmeasured
        platform("warm-up");
        double[] bare = new double[rounds];
        double[] platform = new double[rounds];
        double[] toStart = new double[rounds];
        double[] running = new double[rounds];
        double[] toComplete = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            settle();
            bare[i] = bare();
            settle();
            long start = System.nanoTime();
            int version = push("trivial");
            String status = await("trivial", version, Duration.ofMinutes(2));
            platform[i] = (System.nanoTime() - start) / 1e9;
            if (!status.equals("complete")) {
                throw new IllegalStateException("version " + version + " ended " + status);
            }
            JsonNode v = JSON.readTree(get("trivial", version));
            Instant committed = Instant.parse(v.get("committedAt").asText());
            Instant started = Instant.parse(v.get("startedAt").asText());
            Instant finished = Instant.parse(v.get("finishedAt").asText());
            toStart[i] = Duration.between(committed, started).toNanos() / 1e9;
            running[i] = Duration.between(started, finished).toNanos() / 1e9;
            toComplete[i] = platform[i] - toStart[i] - running[i];
        }
        Arrays.sort(toStart);
        Arrays.sort(running);
        Arrays.sort(toComplete);
        Arrays.sort(bare);
        Arrays.sort(platform);
        double bareMedian = bare[rounds / 2];
        double platformMedian = platform[rounds / 2];
        System.out.printf("trivial script, %d rounds alternated (seconds)%n", rounds);
        System.out.printf("  %-34s min %.3f  median %.3f  max %.3f%n", "bare docker run", bare[0], bareMedian, bare[rounds - 1]);
        System.out.printf("  %-34s min %.3f  median %.3f  max %.3f%n", "platform commit -> complete", platform[0], platformMedian,
                platform[rounds - 1]);
        System.out.printf("  platform overhead (median): %+.0f%%%n", 100 * (platformMedian / bareMedian - 1));
        System.out.printf("  platform phases (median): commit -> container started %.3f, container ran %.3f, "
                + "request/capture/status %.3f%n", toStart[rounds / 2], running[rounds / 2], toComplete[rounds / 2]);
    }

    /**
     * Each measurement starts on an idle machine: what the round before left running in the background (the
     * engine removing containers, the server preparing the next warm container and filesystems) has ended.
     */
    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }

    private void queue(int commits) throws Exception {
        long start = System.nanoTime();
        ExecutorService pushers = Executors.newFixedThreadPool(8);
        List<Future<int[]>> pushed = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            String slug = "queued-" + i;
            pushed.add(pushers.submit(() -> new int[]{push(slug)}));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < commits; i++) {
            int version = pushed.get(i).get()[0];
            String status = await("queued-" + i, version, Duration.ofMinutes(10));
            outcomes.merge(status, 1, Integer::sum);
        }
        pushers.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d commits through the queue: %s in %.1f s (%.2f s per run)%n", commits, outcomes, seconds, seconds / commits);
    }

    private double bare() throws Exception {
        List<String> command = List.of("docker", "run", "--rm", "--network", "none", "--read-only",
                "--tmpfs", "/tmp:rw,exec,size=512m", "--tmpfs", "/kaggle/temp:rw,exec,size=512m", "--user", "1000:1000",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--pids-limit", "256", "--memory", "2g",
                "--memory-swap", "2g", "--cpus", "1", "--shm-size", "64m", "-e", "HOME=/tmp", "-w", "/kaggle/working",
                args.get("image"), "python3", "-u", "-c", SCRIPT);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !out.contains("hi")) {
            throw new IllegalStateException("bare docker run failed: " + out);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void platform(String slug) throws Exception {
        int version = push(slug);
        String status = await(slug, version, Duration.ofMinutes(2));
        if (!status.equals("complete")) {
            throw new IllegalStateException("version " + version + " ended " + status);
        }
    }

    private String get(String slug, int version) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(args.get("server") + "/api/kernels/admin/" + slug + "/versions/" + version))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int push(String slug) throws Exception {
        String body = "{\"kernel_type\":\"script\",\"language\":\"python\",\"source\":\"" + SCRIPT.replace("'", "\\u0027") + "\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(args.get("server") + "/api/kernels/admin/" + slug + "/versions"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = VERSION.matcher(r.body());
        if (r.statusCode() != 202 || !m.find()) {
            throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Polls every 10 ms until the version has finished; answers its final status. */
    private String await(String slug, int version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest get = HttpRequest.newBuilder(URI.create(args.get("server") + "/api/kernels/admin/" + slug + "/versions/" + version))
                .header("Authorization", authorization).build();
        while (System.nanoTime() < deadline) {
            Matcher m = STATUS.matcher(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
            if (m.find() && !m.group(1).equals("queued") && !m.group(1).equals("running")) {
                return m.group(1);
            }
            Thread.sleep(10);
        }
        return "lost";
    }
}
