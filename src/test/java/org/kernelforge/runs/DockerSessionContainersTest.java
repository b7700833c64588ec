package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live kernels on the real engine, driven with plain Jupyter messages as a client would send them. */
@QuarkusTest
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DockerSessionContainersTest extends RunsTestBase {

    private static final Duration ANSWER = Duration.ofSeconds(60);

    @Inject
    DockerSessionContainers sessions;

    private final List<LiveSession> started = new ArrayList<>();

    @AfterEach
    void stopSessions() {
        started.forEach(LiveSession::stop);
    }

    LiveSession start(SessionProbe probe, List<InputMount> inputs) throws Exception {
        Prepared prepared = prepare("");
        SessionSpec spec = new SessionSpec("s-" + UUID.randomUUID().toString().substring(0, 12),
                dockerConfig.runtimeImage(), Map.of("KF_TEST", "1"), inputs, prepared.dirs().working(),
                limits().withTimeout(Duration.ofMinutes(5)), false, Map.of(TEST_LABEL, TEST_LABEL_VALUE));
        LiveSession session = sessions.start(spec, probe);
        started.add(session);
        return session;
    }

    @Test
    void aCellSeesTheStateOfTheOneBeforeAndItsOutputComesBack() throws Exception {
        SessionProbe probe = new SessionProbe();
        LiveSession session = start(probe, List.of());

        // sent at once, while the kernel still starts: queued, not dropped
        session.send(probe.execute("a", "x = 41"));
        session.send(probe.execute("b", "print(x + 1)"));

        JsonNode reply = probe.await("b", "execute_reply", ANSWER);
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
