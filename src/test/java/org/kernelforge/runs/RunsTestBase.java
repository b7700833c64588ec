package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs on the real Docker engine with the real runtime image. Every container carries the label
 * {@value #TEST_LABEL}; after each test none may be left, and every run directory is released.
 */
abstract class RunsTestBase {

    static final String TEST_LABEL = "org.kernelforge.test";
    static final String TEST_LABEL_VALUE = "runs";

    @Inject
    ContainerRunner runner;
    @Inject
    WorkingDirectories directories;
    @Inject
    RunLimitsPolicy policy;
    @Inject
    DockerClient docker;
    @Inject
    DockerConfig dockerConfig;
    @Inject
    RunContainers containers;

    private final List<RunDirectories> made = new ArrayList<>();

    /** A run's host directories, plus a source directory holding {@code main.py}. */
    record Prepared(String runId, RunDirectories dirs, Path src) {
    }

    Prepared prepare(String script) throws IOException {
        return prepare(script, policy.defaults().outputMaxBytes());
    }

    Prepared prepare(String script, long outputMaxBytes) throws IOException {
        String runId = "t-" + UUID.randomUUID().toString().substring(0, 12);
        Path root = Path.of("target", "runs-tests", runId).toAbsolutePath();
        RunDirectories dirs = directories.create(root, outputMaxBytes);
        made.add(dirs);
        Path src = Files.createDirectories(root.resolve("src"));
        Files.writeString(src.resolve("main.py"), script, StandardCharsets.UTF_8);
        return new Prepared(runId, dirs, src);
    }

    /** Test limits: the defaults, with less memory and a short grace so failures are quick. */
    RunLimits limits() {
        return policy.defaults().withMemoryBytes(512L * 1024 * 1024).withTimeout(Duration.ofSeconds(60))
                .withStopGrace(Duration.ofSeconds(2));
    }

    RunSpec scriptSpec(Prepared run, RunLimits limits) {
        return spec(run, limits, List.of("python3", "/kaggle/src/main.py"), List.of());
    }

    RunSpec spec(Prepared run, RunLimits limits, List<String> command, List<InputMount> inputs) {
        return new RunSpec(run.runId(), dockerConfig.runtimeImage(), command, Map.of("KF_TEST", "1"), inputs,
                run.src(), run.dirs().working(), run.dirs().platform(), limits, false, false,
                Map.of(TEST_LABEL, TEST_LABEL_VALUE));
    }

    List<Container> testContainers() {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TEST_LABEL, TEST_LABEL_VALUE)).exec();
    }

    @AfterEach
    void noContainerIsLeftBehind() throws IOException, InterruptedException {
        containers.awaitRemovals(Duration.ofSeconds(30));
        List<Container> left = testContainers();
        left.forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        for (RunDirectories dirs : made) {
            directories.release(dirs);
            assertFalse(Files.exists(dirs.root()), "run directories released");
        }
        made.clear();
        assertEquals(List.of(), left.stream().map(Container::getId).toList(), "labelled containers left behind");
    }

    /** Records what a run reports. */
    static class Recorder implements RunListener {
        final List<LogLine> lines = new CopyOnWriteArrayList<>();
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<String> placed = new CopyOnWriteArrayList<>();

        @Override
        public void started(String containerId, java.time.Instant startedAt) {
            started.add(containerId);
        }

        @Override
        public void placed(String node) {
            placed.add(node);
        }

        @Override
        public void line(LogLine line) {
            lines.add(line);
        }

        String text() {
            return lines.stream().map(l -> l.stream() + ": " + l.text()).collect(Collectors.joining("\n"));
        }

        boolean has(String stream, String text) {
            return lines.stream().anyMatch(l -> l.stream().equals(stream) && l.text().equals(text));
        }
    }
}
