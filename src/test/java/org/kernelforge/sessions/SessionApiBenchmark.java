package org.kernelforge.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.runs.ContainerSettings;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Sessions through the server's Jupyter API, side by side in one run (src/bench/session-api-benchmark.sh sets
 * {@code kf.bench.sessionapi}; never part of the suite): POST api/kernels to the first execute_reply of {@code 1+1}
 * on the channels WebSocket; the round trip of {@code 1+1} through the WebSocket beside the same kernel reached
 * directly with jupyter_client inside its container; the server's heap with 0 and 4 sessions attached.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "kf.bench.sessionapi", matches = "\\d+")
class SessionApiBenchmark extends SessionsTestBase {

    /** Times n sequential round trips of 1+1 from inside the container, against the relay's kernel. */
    private static final String DIRECT = """
            import json, sys, time
            from jupyter_client import BlockingKernelClient
            c = BlockingKernelClient(connection_file="/tmp/kf-kernel.json")
            c.load_connection_file(); c.start_channels(); c.wait_for_ready(timeout=60)
            times = []
            for i in range(int(sys.argv[1]) + 10):
                t = time.perf_counter(); m = c.execute("1+1")
                while c.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != m:
                    pass
                if i >= 10:
                    times.append((time.perf_counter() - t) * 1000)
            print(json.dumps(times))
            """;

    @Test
    void measure() throws Exception {
        int roundTrips = Integer.parseInt(System.getProperty("kf.bench.sessionapi"));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nsession API benchmark%n"));

        long heapIdle = heapAfterGc();
        Account owner = user("bench");
        long t0 = System.nanoTime();
        String id = start(owner, null);
        double[] throughServer;
        double startSeconds;
        try (JupyterClient client = openWithToken(owner, id)) {
            client.await(client.execute("1+1"), "execute_reply", ANSWER);
            startSeconds = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < 10; i++) {
                client.await(client.execute("1+1"), "execute_reply", ANSWER);
            }
            throughServer = new double[roundTrips];
            for (int i = 0; i < roundTrips; i++) {
                long t = System.nanoTime();
                client.await(client.execute("1+1"), "execute_reply", ANSWER);
                throughServer[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        double[] direct = direct(id, roundTrips);
        out.append(String.format(Locale.ROOT, "POST api/kernels -> first execute_reply of 1+1 over the WebSocket: %.2f s "
                + "(no warm container in the test profile)%n", startSeconds));
        out.append(String.format(Locale.ROOT, "1+1 round trip, %d sequential (ms)   median     p99%n", roundTrips));
        out.append(String.format(Locale.ROOT, "  through the server (WebSocket)     %7.2f %7.2f%n", pct(throughServer, 50), pct(throughServer, 99)));
        out.append(String.format(Locale.ROOT, "  direct (jupyter_client in the box) %7.2f %7.2f%n", pct(direct, 50), pct(direct, 99)));
        out.append(String.format(Locale.ROOT, "  server overhead at the median      %7.2f%n", pct(throughServer, 50) - pct(direct, 50)));

        List<JupyterClient> attached = new ArrayList<>();
        attached.add(openWithToken(owner, id));
        for (int i = 0; i < 3; i++) {
            Account other = user("bench");
            String more = start(other, null);
            JupyterClient client = openWithToken(other, more);
            client.await(client.execute("1+1"), "execute_reply", ANSWER);
            attached.add(client);
        }
        long heapFour = heapAfterGc();
        out.append(String.format(Locale.ROOT, "server heap after GC (test JVM): %d MiB with no session, %d MiB with 4 "
                + "sessions attached; process RSS %d MiB%n", heapIdle >> 20, heapFour >> 20, rssBytes() >> 20));
        attached.forEach(JupyterClient::close);
        System.out.println(out);
    }

    private double[] direct(String kernelId, int n) throws Exception {
        String container = docker.listContainersCmd().withLabelFilter(List.of(ContainerSettings.SESSION_LABEL + "=" + kernelId))
                .exec().get(0).getId();
        Process p = new ProcessBuilder("docker", "exec", "-u", ContainerSettings.KERNEL_USER, "-e", "HOME=/tmp", container,
                "python3", "-c", DIRECT, String.valueOf(n)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        String last = output.substring(output.lastIndexOf('\n') + 1);
        return new ObjectMapper().readValue(last, double[].class);
    }

    private static double pct(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
