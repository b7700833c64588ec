package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions served by containers started ahead of time (a pool of its own, of the test sessions' shape). */
@QuarkusTest
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionWarmPoolTest extends RunsTestBase {

    private static final Duration ANSWER = Duration.ofSeconds(60);

    @Inject
    ContainerSettings settings;
    @Inject
    InternetNetwork internet;
    @Inject
    RunsConfig config;
    @Inject
    DockerEngineWatch engine;

    private DockerSessionContainers sessions;

    @BeforeEach
    void startPool() {
        sessions = new DockerSessionContainers(docker, settings, containers, internet, directories, config, engine, 1);
    }

    @AfterEach
    void closePool() {
        sessions.stopAll();
        assertEquals(List.of(), DockerSessionContainersTest.leftBehind(docker), "session containers left behind");
    }

    @Test
    void aWarmContainerBecomesTheSessionWithItsInputsAndWorkingFolder() throws Exception {
        Path input = Files.createDirectories(Path.of("target", "session-tests", "input-" + UUID.randomUUID()).toAbsolutePath());
        Files.writeString(input.resolve("data.csv"), "a,b\n1,2\n");
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(input.resolve("data.csv"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Prepared prepared = prepare("");
        SessionSpec spec = spec(prepared, List.of(new InputMount(input, "data")));
        sessions.keepReady(SessionShape.of(spec));
        // a session may carry labels the container made ahead of time cannot have (say, its owner)
        Map<String, String> withOwner = new java.util.HashMap<>(spec.labels());
        withOwner.put("org.kernelforge.test.owner", "7");
        spec = new SessionSpec(spec.sessionId(), spec.image(), spec.env(), spec.inputs(), spec.workingDir(), spec.limits(),
                false, withOwner);
        awaitWarm();
        List<Path> slotFolders = slotFolders();
        SessionProbe probe = new SessionProbe();

        DockerLiveSession session = (DockerLiveSession) sessions.start(spec, probe);
        session.send(probe.execute("check", """
                import os
                print("CWD", os.getcwd())
                print("READ", open("/kaggle/input/data/data.csv").read().splitlines()[1])
                try:
                    open("/kaggle/input/data/data.csv", "a").write("x")
                except OSError as e:
                    print("DENIED", e.strerror)
                open("out.txt", "w").write("kept")
                """));

        JsonNode reply = probe.await("check", "execute_reply", ANSWER);
        probe.awaitIdle("check", ANSWER);
        assertEquals("ok", reply.path("content").path("status").asText(), probe.summary());
        assertEquals(1, reply.path("content").path("execution_count").asInt(), "the warm kernel ran nothing visible");
        String out = probe.streamText("check");
        assertEquals("CWD /kaggle/working\nREAD 1,2\nDENIED Read-only file system\n", out);
        assertEquals("kept", Files.readString(prepared.dirs().working().resolve("out.txt")),
                "the kernel writes into the session's working folder");
        assertEquals("true", docker.inspectContainerCmd(session.containerId()).exec().getConfig().getLabels()
                .get(SessionWarmPool.WARM_LABEL), "the session runs in the container made ahead of time");

        session.stop();
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(session.containerId()).exec());
        assertEquals("a,b\n1,2\n", Files.readString(input.resolve("data.csv")));
        assertEquals("kept", Files.readString(prepared.dirs().working().resolve("out.txt")),
                "releasing the container's folder leaves the session's files alone");
        assertEquals(1, slotFolders.size());
        assertFalse(Files.exists(slotFolders.get(0)), "the container's folder is removed with it");
    }

    private List<Path> slotFolders() throws java.io.IOException {
        try (var slots = Files.list(Path.of(config.stateDir()).resolve("session-slots"))) {
            return slots.toList();
        }
    }

    @Test
    void aSessionOfAnotherShapeStartsItsOwnContainer() throws Exception {
        Prepared prepared = prepare("");
        SessionSpec spec = spec(prepared, List.of());
        sessions.keepReady(SessionShape.of(spec));
        awaitWarm();
        SessionSpec bigger = new SessionSpec(spec.sessionId(), spec.image(), spec.env(), spec.inputs(), spec.workingDir(),
                spec.limits().withMemoryBytes(spec.limits().memoryBytes() * 2), false, spec.labels());
        SessionProbe probe = new SessionProbe();

        DockerLiveSession session = (DockerLiveSession) sessions.start(bigger, probe);
        session.send(probe.execute("a", "1 + 1"));

        assertEquals("2", probe.await("a", "execute_result", ANSWER).path("content").path("data").path("text/plain").asText());
        assertEquals(null, docker.inspectContainerCmd(session.containerId()).exec().getConfig().getLabels()
                .get(SessionWarmPool.WARM_LABEL));
        assertEquals(1, sessions.warmCount(), "the warm container still waits for a session of its shape");
    }

    private SessionSpec spec(Prepared prepared, List<InputMount> inputs) {
        return new SessionSpec("w-" + UUID.randomUUID().toString().substring(0, 12), dockerConfig.runtimeImage(),
                Map.of("KF_TEST", "1"), inputs, prepared.dirs().working(), limits().withTimeout(Duration.ofMinutes(5)),
                false, Map.of(TEST_LABEL, DockerSessionContainersTest.SESSIONS));
    }

    private void awaitWarm() throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (sessions.warmCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, sessions.warmCount(), "a warm session container is ready");
    }
}
