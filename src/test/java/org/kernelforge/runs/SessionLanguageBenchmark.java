package org.kernelforge.runs;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.kernelforge.ReadyEnvironments;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Session starts per language on the real engine, side by side in one run (src/bench/session-benchmark.sh with a
 * language, which sets {@code kf.bench.languages}; never part of the test suite): for Python (ipykernel, the runtime
 * image) and R (IRkernel, the shipped r environment's image, built first when the database has none), alternated round
 * by round, the time from start() to the first execute_reply of {@code 1+1}: with a container of its own (cold) and
 * with a warm container of the language's shape ready; beside a bare {@code docker run} of the same image in which
 * jupyter_client starts the language's kernel and has it answer {@code 1+1} (the same work without the platform).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "kf.bench.languages", matches = "[a-z,]+")
class SessionLanguageBenchmark extends RunsTestBase {

    private static final Duration ANSWER = Duration.ofSeconds(180);
    private static final long SETTLE_MILLIS = 1500;
    private static final String BARE_KERNEL = """
            import sys
            from jupyter_client.manager import start_new_kernel
            km, kc = start_new_kernel(kernel_name=sys.argv[1])
            reply = kc.execute_interactive("1+1", timeout=120, output_hook=lambda m: None)
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

    private record Measured(Language language, String image, SessionShape shape, double[] bare, double[] cold,
                            double[] relay, double[] warmStart) {
    }

    @Test
    void coldAndWarmStartsPerLanguage() throws Exception {
        int rounds = Integer.parseInt(System.getProperty("kf.bench.sessions", "5"));
        DockerSessionContainers cold = engine(0);
        // one pool (pools of one process share their slots' names), kept ready for the language measured next
        DockerSessionContainers warm = engine(1);
        Map<Language, Measured> all = new LinkedHashMap<>();
        for (String id : System.getProperty("kf.bench.languages").split(",")) {
            Language language = Language.parse(id).orElseThrow(() -> new IllegalArgumentException("no language " + id));
            String image = language == Language.R ? rImage() : dockerConfig.runtimeImage();
            all.put(language, new Measured(language, image, SessionShape.of(spec(image, language)), new double[rounds],
                    new double[rounds], new double[rounds], new double[rounds]));
        }
        for (Measured m : all.values()) { // the images' files in the page cache, unmeasured
            bareKernel(m);
            coldStart(cold, m);
        }
        for (int i = 0; i < rounds; i++) {
            for (Measured m : all.values()) {
                settle();
                m.bare()[i] = bareKernel(m);
                settle();
                double[] c = coldStart(cold, m);
                m.cold()[i] = c[0];
                m.relay()[i] = c[1];
                warm.keepReady(m.shape());
                awaitWarm(warm, m.shape());
                settle();
                m.warmStart()[i] = warmStart(warm, m);
                awaitWarm(warm, m.shape()); // the pool's refill is not measured with the next start
            }
        }

        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nsession start by language -> first execute_reply of 1+1, %d rounds alternated (median seconds, min-max)%n",
                rounds));
        out.append(String.format(Locale.ROOT, "  %-44s", ""));
        all.keySet().forEach(l -> out.append(String.format(Locale.ROOT, "%-22s", l.id() + " (" + l.kernelName() + ")")));
        out.append('\n');
        row(out, "bare docker run: the kernel answers 1+1", all, Measured::bare);
        row(out, "cold: a container of its own", all, Measured::cold);
        row(out, "  of which relay start -> kernel ready", all, Measured::relay);
        row(out, "warm: a container of its shape was ready", all, Measured::warmStart);
        all.values().forEach(m -> out.append(String.format(Locale.ROOT, "  %s image: %s%n", m.language().id(), m.image())));
        out.append("end of language benchmark\n");
        System.out.println(out);
    }

    private interface Column {
        double[] of(Measured m);
    }

    private static void row(StringBuilder out, String label, Map<Language, Measured> all, Column column) {
        out.append(String.format(Locale.ROOT, "  %-44s", label));
        for (Measured m : all.values()) {
            double[] sorted = column.of(m).clone();
            Arrays.sort(sorted);
            out.append(String.format(Locale.ROOT, "%-22s", String.format(Locale.ROOT, "%.2f (%.2f-%.2f)",
                    sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1])));
        }
        out.append('\n');
    }

    private DockerSessionContainers engine(int warmContainers) {
        DockerSessionContainers engine = new DockerSessionContainers(docker, settings, containers, internet, directories,
                config, engineWatch, warmContainers);
        engines.add(engine);
        return engine;
    }

    private static String rImage() {
        ReadyEnvironments.dockerImage("r");
        return RestAssured.given().get("/api/environments/r/versions/latest").then().statusCode(200)
                .extract().path("image.name");
    }

    private SessionSpec spec(String image, Language language) throws Exception {
        return new SessionSpec("l-" + UUID.randomUUID().toString().substring(0, 12), image, Map.of(), List.of(),
                prepare("").dirs().working(), limits().withTimeout(Duration.ofMinutes(10)), false,
                Map.of(TEST_LABEL, DockerSessionContainersTest.SESSIONS), language);
    }

    /** Seconds to the first reply in a container of its own, and the relay's own start to its kernel answering. */
    private double[] coldStart(DockerSessionContainers engine, Measured m) throws Exception {
        SessionProbe probe = new SessionProbe();
        long begin = System.nanoTime();
        DockerLiveSession session = (DockerLiveSession) engine.start(spec(m.image(), m.language()), probe);
        session.send(probe.execute("first", "1+1"));
        probe.await("first", "execute_reply", ANSWER);
        double seconds = (System.nanoTime() - begin) / 1e9;
        double relay = session.relayStartSeconds();
        session.stop();
        return new double[] {seconds, relay};
    }

    private double warmStart(DockerSessionContainers warm, Measured m) throws Exception {
        SessionProbe probe = new SessionProbe();
        long begin = System.nanoTime();
        DockerLiveSession session = (DockerLiveSession) warm.start(spec(m.image(), m.language()), probe);
        session.send(probe.execute("first", "1+1"));
        probe.await("first", "execute_reply", ANSWER);
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (!"true".equals(docker.inspectContainerCmd(session.containerId()).exec().getConfig().getLabels()
                .get(SessionWarmPool.WARM_LABEL))) {
            throw new IllegalStateException("the " + m.language().id() + " session did not get the warm container");
        }
        session.stop();
        return seconds;
    }

    /** Seconds from docker run to the reply's status on its output (the container's removal is not counted). */
    private double bareKernel(Measured m) throws Exception {
        long begin = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "--rm", "--network", "none", m.image(),
                "python3", "-c", BARE_KERNEL, m.language().kernelName()).redirectErrorStream(true).start();
        double seconds = Double.NaN;
        StringBuilder out = new StringBuilder();
        try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (Double.isNaN(seconds) && line.equals("ok")) {
                    seconds = (System.nanoTime() - begin) / 1e9;
                }
                out.append(line).append('\n');
            }
        }
        if (p.waitFor() != 0 || Double.isNaN(seconds)) {
            throw new IllegalStateException("the bare " + m.language().kernelName() + " kernel failed: " + out);
        }
        return seconds;
    }

    private static void awaitWarm(DockerSessionContainers engine, SessionShape shape) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (engine.warmCount(shape) < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no warm session container within " + ANSWER);
            }
            Thread.sleep(50);
        }
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }
}
