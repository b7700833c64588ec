package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live kernels on the real engine, driven with plain Jupyter messages as a client would send them. The containers
 * carry a test label of their own ({@value #SESSIONS}), so that the clean-up of other runs tests leaves them alone.
 */
@QuarkusTest
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DockerSessionContainersTest extends RunsTestBase {

    static final String SESSIONS = "sessions";
    private static final Duration ANSWER = Duration.ofSeconds(60);

    @Inject
    DockerSessionContainers sessions;

    private final List<LiveSession> started = new ArrayList<>();

    @AfterEach
    void stopSessionsAndLeaveNoContainer() {
        started.forEach(LiveSession::stop);
        assertEquals(List.of(), leftBehind(docker), "session containers left behind");
    }

    /**
     * The session test containers still there (removed now), after waiting a little for removals under way (a
     * container removed by the engine on its own, as in removeAll, may still be listed for a moment).
     */
    static List<String> leftBehind(DockerClient docker) {
        List<String> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TEST_LABEL, SESSIONS)).exec()
                    .stream().filter(c -> !"removing".equals(c.getState())).map(c -> c.getId()).toList();
            if (left.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (String id : left) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException | ConflictException gone) {
                // removed meanwhile
            }
        }
        return left;
    }

    LiveSession start(SessionProbe probe, List<InputMount> inputs) throws Exception {
        return start(probe, inputs, limits().withTimeout(Duration.ofMinutes(5)), Map.of());
    }

    LiveSession start(SessionProbe probe, List<InputMount> inputs, RunLimits limits, Map<String, String> labels)
            throws Exception {
        Prepared prepared = prepare("");
        Map<String, String> all = new HashMap<>(labels);
        all.put(TEST_LABEL, SESSIONS);
        SessionSpec spec = new SessionSpec("s-" + UUID.randomUUID().toString().substring(0, 12),
                dockerConfig.runtimeImage(), Map.of("KF_TEST", "1"), inputs, prepared.dirs().working(), limits, false, all);
        LiveSession session = sessions.start(spec, probe);
        started.add(session);
        return session;
    }

    @Test
    void kernelInfoPassesThroughAndPlotsDisplayInlineAsPng() throws Exception {
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of());

        session.send(probe.message("shell", "kernel_info_request", "info", SessionProbe.JSON.createObjectNode()));
        session.send(probe.execute("plot", """
                import os, matplotlib
                import matplotlib.pyplot as plt
                print(matplotlib.get_backend(), os.environ.get("MPLBACKEND"))
                plt.plot([1, 2, 3], [1, 4, 9])
                plt.show()
                """));

        JsonNode info = probe.await("info", "kernel_info_reply", ANSWER);
        assertTrue(info.path("content").path("protocol_version").asText().startsWith("5."), info.toString());
        assertEquals("python", info.path("content").path("language_info").path("name").asText());
        JsonNode display = probe.await("plot", "display_data", ANSWER);
        assertTrue(display.path("content").path("data").path("image/png").asText().length() > 1000, display.toString());
        probe.awaitIdle("plot", ANSWER);
        assertTrue(probe.streamText("plot").contains("inline"), probe.streamText("plot"));
        assertEquals("ok", probe.await("plot", "execute_reply", ANSWER).path("content").path("status").asText());
    }

    @Test
    void inputIsAnsweredOnTheStdinChannel() throws Exception {
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of());
        ObjectNode ask = (ObjectNode) SessionProbe.JSON.readTree(probe.execute("ask", "name = input('name? ')\nprint('hello', name)"));
        ((ObjectNode) ask.path("content")).put("allow_stdin", true);

        session.send(ask.toString());
        JsonNode request = probe.await("ask", "input_request", ANSWER);
        assertEquals("stdin", request.path("channel").asText());
        assertEquals("name? ", request.path("content").path("prompt").asText());
        ObjectNode value = SessionProbe.JSON.createObjectNode().put("value", "Ada");
        session.send(probe.message("stdin", "input_reply", "answer", value));

        probe.awaitIdle("ask", ANSWER);
        assertEquals("hello Ada\n", probe.streamText("ask"));
    }

    @Test
    void anEndlessLoopIsInterruptedWithinTwoSecondsAndTheKernelAnswersAfter() throws Exception {
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of());
        session.send(probe.execute("loop", "print('looping', flush=True)\nwhile True: pass"));
        probe.await("loop", "stream", ANSWER);

        long interrupted = System.nanoTime();
        session.interrupt();
        JsonNode error = probe.await("loop", "error", Duration.ofSeconds(10));
        long tookMillis = (System.nanoTime() - interrupted) / 1_000_000;

        assertEquals("KeyboardInterrupt", error.path("content").path("ename").asText());
        assertTrue(tookMillis < 2000, "interrupted after " + tookMillis + " ms");
        assertEquals("error", probe.await("loop", "execute_reply", ANSWER).path("content").path("status").asText());
        // ipykernel aborts the requests that reach it just after an error (stop_on_error): a client runs the cell again
        String status = "";
        String after = "";
        for (int attempt = 0; attempt < 5 && !status.equals("ok"); attempt++) {
            after = "after-" + attempt;
            session.send(probe.execute(after, "print('still here')"));
            status = probe.await(after, "execute_reply", ANSWER).path("content").path("status").asText();
            probe.awaitIdle(after, ANSWER);
        }
        assertEquals("ok", status);
        assertEquals("still here\n", probe.streamText(after));
    }

    @Test
    void restartClearsTheKernelsStateAndReturnsOnceItAnswers() throws Exception {
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of());
        session.send(probe.execute("set", "x = 41"));
        probe.await("set", "execute_reply", ANSWER);

        session.restart();

        assertEquals(List.of("ready", "restarting", "ready"), probe.states);
        session.send(probe.execute("get", "print(x)"));
        JsonNode error = probe.await("get", "error", ANSWER);
        assertEquals("NameError", error.path("content").path("ename").asText());
        assertEquals(1, probe.await("get", "execute_reply", ANSWER).path("content").path("execution_count").asInt(),
                "a new kernel counts from 1");
    }

    @Test
    void inputsAreReadableButReadOnlyAndNoAddressIsReachable() throws Exception {
        Path input = Files.createDirectories(Path.of("target", "session-tests", "input-" + UUID.randomUUID()).toAbsolutePath());
        Files.writeString(input.resolve("data.csv"), "a,b\n1,2\n");
        // writable for everyone on the host: only the read-only mount may stop the kernel
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(input.resolve("data.csv"), PosixFilePermissions.fromString("rw-rw-rw-"));
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of(new InputMount(input, "data")));

        session.send(probe.execute("check", """
                import os, socket
                print("READ", open("/kaggle/input/data/data.csv").read().splitlines()[1])
                print("CWD", os.getcwd())
                for p in ["/kaggle/input/data/data.csv", "/input/data/new.txt", "/usr/new.txt"]:
                    try:
                        open(p, "a").write("x")
                        print("WROTE", p)
                    except OSError as e:
                        print("DENIED", p, e.strerror)
                for address in [("10.0.0.1", 80), ("8.8.8.8", 53), ("172.17.0.1", 5432)]:
                    try:
                        socket.create_connection(address, timeout=1).close()
                        print("CONNECTED", address[0])
                    except OSError as e:
                        print("UNREACHABLE", address[0])
                open("/kaggle/working/out.txt", "w").write("kept")
                """));
        probe.awaitIdle("check", ANSWER);

        String out = probe.streamText("check");
        assertTrue(out.contains("READ 1,2\n"), out);
        assertTrue(out.contains("CWD /kaggle/working\n"), out);
        assertTrue(out.contains("DENIED /kaggle/input/data/data.csv Read-only file system"), out);
        assertTrue(out.contains("DENIED /input/data/new.txt Read-only file system"), out);
        assertTrue(out.contains("DENIED /usr/new.txt Read-only file system"), out);
        assertTrue(out.contains("UNREACHABLE 10.0.0.1\nUNREACHABLE 8.8.8.8\nUNREACHABLE 172.17.0.1\n"), out);
        assertFalse(out.contains("CONNECTED"), out);
        assertEquals("a,b\n1,2\n", Files.readString(input.resolve("data.csv")));
        assertTrue(session.memoryBytes() >= 0);
    }

    @Test
    void aKernelOverItsMemoryEndsTheSessionAsOutOfMemory() throws Exception {
        SessionProbe probe = new SessionProbe();
        DockerLiveSession session = (DockerLiveSession) start(probe, List.of(),
                limits().withMemoryBytes(256L * 1024 * 1024).withTimeout(Duration.ofMinutes(5)), Map.of());
        session.send(probe.execute("hog", "blocks = [bytearray(16 * 1024 * 1024) for _ in range(64)]"));

        SessionEnd end = probe.awaitEnd(ANSWER);

        assertEquals("out_of_memory", end.reason(), end.detail());
        assertTrue(end.detail().contains("256 MiB"), end.detail());
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(session.containerId()).exec());
    }

    @Test
    void theMemoryInUseIsReported() throws Exception {
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of());
        session.send(probe.execute("a", "import numpy; blob = numpy.ones(64 * 1024 * 1024, dtype='uint8')"));
        probe.await("a", "execute_reply", ANSWER);

        // the relay reports the memory now and then, later on a loaded machine (the CI saw more than 15 s at load 26)
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (session.memoryBytes() < 64L * 1024 * 1024 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(session.memoryBytes() >= 64L * 1024 * 1024, "memory " + session.memoryBytes());
    }

    @Test
    void theLongestLifetimeEndsTheSession() throws Exception {
        SessionProbe probe = new SessionProbe();
        DockerLiveSession session = (DockerLiveSession) start(probe, List.of(),
                limits().withTimeout(Duration.ofSeconds(3)), Map.of());

        SessionEnd end = probe.awaitEnd(ANSWER);

        assertEquals("timeout", end.reason(), end.detail());
        assertEquals("The session reached its longest lifetime (3 s) and was ended.", end.detail());
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(session.containerId()).exec());
    }

    @Test
    void removeAllRemovesTheSessionContainersWithTheLabels() throws Exception {
        String orphans = UUID.randomUUID().toString();
        SessionProbe probe = new SessionProbe();
        DockerLiveSession session = (DockerLiveSession) start(probe, List.of(),
                limits().withTimeout(Duration.ofMinutes(5)), Map.of("org.kernelforge.test.orphans", orphans));
        SessionProbe other = new SessionProbe();
        DockerLiveSession kept = (DockerLiveSession) start(other, List.of());

        int removed = sessions.removeAll(Map.of("org.kernelforge.test.orphans", orphans));

        assertEquals(1, removed);
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(session.containerId()).exec());
        assertTrue(docker.inspectContainerCmd(kept.containerId()).exec().getState().getRunning());
        SessionEnd end = probe.awaitEnd(ANSWER);
        assertTrue(List.of("exited", "platform").contains(end.reason()), "the session hears that its container is gone: " + end);
        assertEquals(List.of(), other.ends);
    }

    @Test
    void aCellSeesTheStateOfTheOneBeforeAndItsOutputComesBack() throws Exception {
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of());

        // sent at once, while the kernel still starts: queued, not dropped
        session.send(probe.execute("a", "x = 41"));
        session.send(probe.execute("b", "print(x + 1)"));

        JsonNode reply = probe.await("b", "execute_reply", ANSWER);
        probe.awaitIdle("b", ANSWER);
        assertEquals("ok", reply.path("content").path("status").asText(), probe.summary());
        assertEquals("shell", reply.path("channel").asText());
        assertEquals("ok", probe.await("a", "execute_reply", ANSWER).path("content").path("status").asText());
        assertEquals("42\n", probe.streamText("b"));
        JsonNode stream = probe.await("b", "stream", ANSWER);
        assertEquals("iopub", stream.path("channel").asText());
        assertEquals("stdout", stream.path("content").path("name").asText());
        assertTrue(stream.path("header").path("date").isTextual(), "dates are ISO strings");
        assertEquals(2, reply.path("content").path("execution_count").asInt());
    }

    @Test
    void stopRemovesTheContainerAndTellsTheListenerOnce() throws Exception {
        SessionProbe probe = new SessionProbe();
        DockerLiveSession session = (DockerLiveSession) start(probe, List.of());
        session.send(probe.execute("a", "1 + 1"));
        probe.await("a", "execute_reply", ANSWER);

        session.stop();
        session.stop();

        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(session.containerId()).exec());
        assertEquals(List.of(new SessionEnd("stopped", "The session was stopped.")), probe.ends);
    }
}
