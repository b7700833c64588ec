package org.kernelforge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The soak: several users on one server for MINUTES of mixed load (pages, API reads, dataset versions, kernel
 * pushes that run containers, competition submissions), then the queue drains and the report says how many
 * requests were served, how many failed (the target is no 5xx and no request left without an answer), whether a
 * pushed version was lost (still queued or running at the end), the p99 latency of each route, and the server's
 * resident memory every minute (from /proc/PID/status; flat after warm-up is the target). Run by
 * src/bench/soak-benchmark.sh, which starts the server; or attach it to a running one with --server (and
 * --server-pid for its memory).
 */
public final class SoakBenchmark {

    static final int COMPETITION_ROWS = 500;

    private final BenchArgs args;
    private final SoakStats stats = new SoakStats();
    private final SoakRuns runs = new SoakRuns();
    private final String server;
    private final long pid;
    private final long startNanos = System.nanoTime();
    private final List<String> memoryLines = new ArrayList<>();
    private final SoakClient metricsClient;

    private SoakBenchmark(BenchArgs args) {
        this.args = args;
        this.server = args.get("server");
        this.pid = Long.parseLong(args.get("server-pid", "0"));
        this.metricsClient = new SoakClient(server, SoakStats.apart());
    }

    public static void main(String[] argv) throws Exception {
        new SoakBenchmark(new BenchArgs(argv)).soak();
    }

    private void soak() throws Exception {
        int minutes = Integer.parseInt(args.get("minutes", "30"));
        int users = Integer.parseInt(args.get("users", "6"));
        long thinkMillis = Long.parseLong(args.get("think-ms", "400"));
        String prefix = args.get("user-prefix", "soak" + (System.currentTimeMillis() / 1000 % 100_000) + "u");

        setUpCompetition();
        long endNanos = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        List<SoakUser> people = new ArrayList<>();
        for (int i = 1; i <= users; i++) {
            SoakUser user = new SoakUser(prefix + i, new SoakClient(server, stats), runs, endNanos, thinkMillis, i);
            user.setUp();
            people.add(user);
        }
        System.out.printf("%d users, %d minutes of load, a pause of %d ms on average between one user's requests%n", users,
                minutes, thinkMillis);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(this::sampleMemory, 0, 1, TimeUnit.MINUTES);
        List<Thread> threads = new ArrayList<>();
        for (SoakUser user : people) {
            Thread t = new Thread(user, "soak-user-" + (threads.size() + 1));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        long servedDuringLoad = stats.requests();
        System.out.printf("[%s] load over; waiting for the queued runs%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        Map<String, Integer> outcomes = runs.drain(System.nanoTime()
                + TimeUnit.MINUTES.toNanos(Long.parseLong(args.get("drain-minutes", "5"))));
        sampler.shutdownNow();
        sampleMemory();
        report(servedDuringLoad, outcomes);
    }

    /** The admin's dataset, competition and solution, which every user's kernels and submissions use. */
    private void setUpCompetition() throws IOException {
        SoakClient admin = new SoakClient(server, stats);
        admin.useAuthorization(args.adminAuthorization());
        // whether a server soaked before already has them: a 404 here is an answer, not an error of the load
        SoakClient probe = new SoakClient(server, SoakStats.apart());
        probe.useAuthorization(args.adminAuthorization());
        String data = "admin/soak-comp-data";
        if (probe.get("setup: GET api dataset", "/api/datasets/" + data).status() == 404) {
            SoakUser.expect(admin.postMultipart("setup: POST api dataset", "/api/datasets", new SoakClient.Multipart()
                    .text("metadata", "{\"title\":\"Soak competition data\",\"id\":\"" + data + "\"}", "application/json")
                    .file("file", "test.csv", "text/csv", SoakUser.competitionTest())), "competition dataset");
        }
        if (probe.get("setup: GET api competition", "/api/competitions/" + SoakUser.COMPETITION).status() == 404) {
            String competition = "{\"slug\":\"" + SoakUser.COMPETITION + "\",\"title\":\"Soak\",\"startTime\":\"2020-01-01T00:00:00Z\","
                    + "\"endTime\":\"2099-01-01T00:00:00Z\",\"dataset\":\"" + data + "/1\",\"metric\":\"rmse\",\"idColumn\":\"id\","
                    + "\"targetColumns\":[\"y\"],\"dailySubmissionLimit\":1000,\"publicFraction\":0.5,\"splitSeed\":7}";
            SoakUser.expect(admin.postJson("setup: POST api competition", "/api/competitions", competition), "competition");
            SoakUser.expect(admin.put("setup: PUT api solution", "/api/competitions/" + SoakUser.COMPETITION + "/solution",
                    "text/csv", SoakUser.solution()), "solution");
        }
    }

    /** Never throws: an exception would cancel the samples that follow. */
    private synchronized void sampleMemory() {
        try {
            sampleMemoryOnce();
        } catch (RuntimeException e) {
            System.out.println("  memory sample failed: " + e);
        }
    }

    private void sampleMemoryOnce() {
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        String line = String.format("%5.1f min  RSS %s  peak %s  threads %s  %s  requests %d  5xx/unanswered %d  runs pushed %d",
                elapsed / 60.0, status("VmRSS"), status("VmHWM"), status("Threads"), jvmMemory(), stats.requests(),
                stats.serverErrors(), runs.count());
        memoryLines.add(line);
        System.out.printf("[%s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), line);
    }

    /** Heap and direct buffers in use, from the server's Prometheus metrics (the JVM's own figures). */
    private String jvmMemory() {
        SoakClient.Answer metrics = metricsClient.get("metrics: GET /q/metrics", "/q/metrics", "text/plain");
        double heap = 0;
        double direct = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("jvm_buffer_memory_used_bytes{") && line.contains("id=\"direct\"")) {
                direct = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return String.format("heap used %.0f MiB  direct %.1f MiB", heap / (1 << 20), direct / (1 << 20));
    }

    /** A field of /proc/PID/status, kB shown as MiB; "-" without a pid. */
    private String status(String field) {
        if (pid <= 0) {
            return "-";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    String value = line.substring(field.length() + 1).trim();
                    return value.endsWith(" kB")
                            ? (Long.parseLong(value.substring(0, value.length() - 3).trim()) / 1024) + " MiB"
                            : value;
                }
            }
            return "?";
        } catch (IOException e) {
            return "gone";
        }
    }

    private void report(long servedDuringLoad, Map<String, Integer> outcomes) throws Exception {
        long lost = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("LOST") || e.getKey().equals("unknown"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.println();
        System.out.println("=== soak report ===");
        System.out.printf("requests served: %d (%d during the load, the rest setup and the drain)%n", stats.requests(),
                servedDuringLoad);
        System.out.printf("server errors (5xx or no answer): %d    client errors (4xx): %d%n", stats.serverErrors(),
                stats.clientErrors());
        System.out.printf("kernel versions pushed: %d, ended: %s, runs lost: %d%n", runs.count(), outcomes, lost);
        System.out.println();
        stats.print();
        System.out.println();
        System.out.println("server memory, every minute:");
        memoryLines.forEach(line -> System.out.println("  " + line));
        if (pid > 0 && Boolean.parseBoolean(args.get("nmt", "false"))) {
            nativeMemory();
        }
    }

    /** The JVM's own account of its memory (needs -XX:NativeMemoryTracking=summary on the server). */
    private void nativeMemory() throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "VM.native_memory", "summary", "scale=MB")
                .redirectErrorStream(true).start();
        System.out.println("native memory (jcmd VM.native_memory summary, committed):");
        for (String line : new String(jcmd.getInputStream().readAllBytes()).split("\n")) {
            String t = line.trim();
            if (t.startsWith("Total:") || (t.startsWith("-") && t.contains("committed="))) {
                System.out.println("  " + t.replaceAll("reserved=\\d+MB, ", ""));
            }
        }
        jcmd.waitFor();
    }
}
