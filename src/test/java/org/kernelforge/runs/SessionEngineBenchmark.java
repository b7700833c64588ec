package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The session engine measured on the real engine, side by side in one run (src/bench/session-benchmark.sh, which sets
 * {@code kf.bench.sessions}; never part of the test suite):
 * <ul>
 *   <li>start() to the first execute_reply of {@code 1+1}: with a warm container ready, without one, and two bare
 *   {@code docker run}s of the same image for reference, alternated round by round: {@code true}, and the same work
 *   without the platform (jupyter_client starts ipykernel in the container and has it answer {@code 1+1}); for the
 *   cold starts, where the time goes: the engine (create, attach, start: until start() returns) and the relay (its
 *   process start to its kernel answering);</li>
 *   <li>the round trip of {@code 1+1} (execute_request to execute_reply) through a LiveSession, beside the same kernel
 *   reached directly with jupyter_client by a script exec'd in the same container.</li>
 * </ul>
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "kf.bench.sessions", matches = "\\d+")
class SessionEngineBenchmark extends RunsTestBase {

    private static final Duration ANSWER = Duration.ofSeconds(120);
    private static final long SETTLE_MILLIS = 1500;
    /** Times {@code n} sequential execute round trips of 1+1 against the relay's kernel, from inside its container. */
    private static final String DIRECT = """
            import json, sys, time
            from jupyter_client import BlockingKernelClient
            c = BlockingKernelClient(connection_file="/tmp/kf-kernel.json")
            c.load_connection_file()
            c.start_channels()
            c.wait_for_ready(timeout=60)
            times = []
            for i in range(int(sys.argv[1]) + 10):
                start = time.perf_counter()
                msg_id = c.execute("1+1")
                while True:
                    reply = c.get_shell_msg(timeout=60)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                if i >= 10:
                    times.append((time.perf_counter() - start) * 1000)
            c.stop_channels()
            print(json.dumps(times))
            """;
    /** The same work as a cold session, without the platform: start ipykernel, have it answer 1+1, print the reply. */
    private static final String BARE_KERNEL = """
            from jupyter_client.manager import start_new_kernel
            km, kc = start_new_kernel(kernel_name="python3")
            reply = kc.execute_interactive("1+1", timeout=60, output_hook=lambda m: None)
            print(reply["content"]["status"], flush=True)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            """;

    @Inject
    DockerEngineWatch engineWatch;
    @Inject
    ContainerSettings settings;
    @Inject
    InternetNetwork internet;
    @Inject
    RunsConfig config;

    private final List<DockerSessionContainers> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(DockerSessionContainers::stopAll);
    }

    @Test
    void startAndRoundTrip() throws Exception {
        String[] args = System.getProperty("kf.bench.sessions").split(",");
        int rounds = Integer.parseInt(args[0]);
        int roundTrips = Integer.parseInt(System.getProperty("kf.bench.roundtrips", "200"));
        DockerSessionContainers cold = engine(0);
        DockerSessionContainers warm = engine(1);
        SessionShape shape = SessionShape.of(spec(prepare("")));
        warm.keepReady(shape);

        bare(); // the image's files in the page cache, unmeasured
        firstReply(cold);
        bareKernel();
        double[] bare = new double[rounds];
        double[] bareKernel = new double[rounds];
        double[] coldStart = new double[rounds];
        double[] coldEngine = new double[rounds];
        double[] coldRelay = new double[rounds];
        double[] warmStart = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            settle();
            bare[i] = bare();
            settle();
            bareKernel[i] = bareKernel();
            settle();
            ColdStart c = coldStart(cold);
            coldStart[i] = c.firstReply();
            coldEngine[i] = c.engine();
            coldRelay[i] = c.relay();
            awaitWarm(warm);
            settle();
            warmStart[i] = firstReply(warm);
        }

        awaitWarm(warm);
        SessionProbe probe = new SessionProbe();
        DockerLiveSession session = (DockerLiveSession) warm.start(spec(prepare("")), probe);
        double[] relayed = roundTrips(session, probe, roundTrips);
        double[] direct = direct(session, roundTrips);
        session.stop();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nsession start -> first execute_reply of 1+1, %d rounds alternated (seconds)%n", rounds));
        out.append(line("bare docker run --rm IMAGE true", bare, 3));
        out.append(line("bare docker run: ipykernel answers 1+1", bareKernel, 3));
        out.append(line("cold: a container of its own", coldStart, 3));
        out.append(line("  of which engine create+attach+start", coldEngine, 3));
        out.append(line("  of which relay start -> kernel ready", coldRelay, 3));
        out.append(line("warm: a container was ready", warmStart, 3));
        out.append(String.format(Locale.ROOT, "1+1 round trip (execute_request -> execute_reply), %d sequential (ms)%n", roundTrips));
        out.append(line("through LiveSession (relay, attach)", relayed, 2));
        out.append(line("direct jupyter_client in the container", direct, 2));
        out.append(String.format(Locale.ROOT, "  relay overhead at the median: %+.2f ms%n", median(relayed) - median(direct)));
        System.out.println(out);
    }

    private DockerSessionContainers engine(int warmContainers) {
        DockerSessionContainers engine = new DockerSessionContainers(docker, settings, containers, internet, directories,
                config, engineWatch, warmContainers);
        engines.add(engine);
        return engine;
    }

    private SessionSpec spec(Prepared prepared) {
        return new SessionSpec("b-" + UUID.randomUUID().toString().substring(0, 12), dockerConfig.runtimeImage(),
                Map.of(), List.of(), prepared.dirs().working(), limits().withTimeout(Duration.ofMinutes(10)), false,
                Map.of(TEST_LABEL, DockerSessionContainersTest.SESSIONS));
    }

    /** Seconds from start() to the execute_reply of 1+1 sent right after it; the session is stopped after. */
    private double firstReply(DockerSessionContainers engine) throws Exception {
        SessionSpec spec = spec(prepare(""));
        SessionProbe probe = new SessionProbe();
        long begin = System.nanoTime();
        LiveSession session = engine.start(spec, probe);
        session.send(probe.execute("first", "1+1"));
        probe.await("first", "execute_reply", ANSWER);
        double seconds = (System.nanoTime() - begin) / 1e9;
        session.stop();
        return seconds;
    }

    private record ColdStart(double firstReply, double engine, double relay) {
    }

    /** {@link #firstReply} without a warm container, with the time start() took and the relay's own start time. */
    private ColdStart coldStart(DockerSessionContainers engine) throws Exception {
        SessionSpec spec = spec(prepare(""));
        SessionProbe probe = new SessionProbe();
        long begin = System.nanoTime();
        DockerLiveSession session = (DockerLiveSession) engine.start(spec, probe);
        double started = (System.nanoTime() - begin) / 1e9;
        session.send(probe.execute("first", "1+1"));
        probe.await("first", "execute_reply", ANSWER);
        double seconds = (System.nanoTime() - begin) / 1e9;
        double relay = session.relayStartSeconds();
        session.stop();
        return new ColdStart(seconds, started, relay);
    }

    private double[] roundTrips(LiveSession session, SessionProbe probe, int n) throws Exception {
        double[] times = new double[n];
        for (int i = -10; i < n; i++) { // 10 unmeasured first
            String id = "rt-" + i;
            long begin = System.nanoTime();
            session.send(probe.execute(id, "1+1"));
            probe.await(id, "execute_reply", ANSWER);
            if (i >= 0) {
                times[i] = (System.nanoTime() - begin) / 1e6;
            }
            probe.awaitIdle(id, ANSWER);
            probe.messages.clear();
        }
        return times;
    }

    private double[] direct(DockerLiveSession session, int n) throws Exception {
        Process p = new ProcessBuilder("docker", "exec", "-u", ContainerSettings.KERNEL_USER, "-e", "HOME=/tmp",
                session.containerId(), "python3", "-c", DIRECT, String.valueOf(n)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the direct client failed: " + out);
        }
        JsonNode times = SessionProbe.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        double[] result = new double[times.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = times.get(i).asDouble();
        }
        return result;
    }

    private double bare() throws Exception {
        long begin = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "--rm", "--network", "none", dockerConfig.runtimeImage(), "true")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker run failed: " + out);
        }
        return (System.nanoTime() - begin) / 1e9;
    }

    /** Seconds from docker run to the reply's status on its output (the container's removal is not counted). */
    private double bareKernel() throws Exception {
        long begin = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "--rm", "--network", "none", dockerConfig.runtimeImage(),
                "python3", "-c", BARE_KERNEL).redirectErrorStream(true).start();
        double seconds = Double.NaN;
        StringBuilder out = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (Double.isNaN(seconds) && line.equals("ok")) {
                    seconds = (System.nanoTime() - begin) / 1e9;
                }
                out.append(line).append('\n');
            }
        }
        if (p.waitFor() != 0 || Double.isNaN(seconds)) {
            throw new IllegalStateException("the bare kernel failed: " + out);
        }
        return seconds;
    }

    private static void awaitWarm(DockerSessionContainers engine) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (engine.warmCount() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no warm session container within " + ANSWER);
            }
            Thread.sleep(50);
        }
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String line(String label, double[] values, int decimals) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, "  %-40s min " + f + "  median " + f + "  p99 " + f + "  max " + f + "%n", label,
                sorted[0], sorted[sorted.length / 2], sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)],
                sorted[sorted.length - 1]);
    }
}
