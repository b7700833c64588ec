package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kernelforge.ReadyEnvironments;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R sessions on the engine: the relay starts IRkernel from its kernelspec, in a container made ahead of time as in one
 * of the session's own, and an image without IRkernel ends the session with a sentence naming the package.
 */
@QuarkusTest
@Timeout(value = 45, unit = TimeUnit.MINUTES) // a fresh database builds the r environment first
class RSessionContainersTest extends RunsTestBase {

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
    void anImageWithoutIRkernelEndsAnRSessionWithASentenceNamingThePackage() throws Exception {
        SessionProbe probe = new SessionProbe();
        SessionSpec spec = spec(dockerConfig.runtimeImage(), Language.R);

        sessions.start(spec, probe);

        SessionEnd end = probe.awaitEnd(ANSWER);
        assertEquals("exited", end.reason());
        assertTrue(end.detail().contains("no IRkernel") && end.detail().contains("r-cran-irkernel"), end.detail());
        assertFalse(probe.states.contains("ready"));
    }

    @Test
    void aWarmRContainerTakesAnRSessionWhileAPythonOneOfTheSameImageDoesNot() throws Exception {
        String rImage = rImage();
        SessionSpec r = spec(rImage, Language.R);
        sessions.keepReady(SessionShape.of(r));
        awaitWarm();

        // a Python session of the same image and limits is not served by the R kernel waiting there
        SessionProbe pythonProbe = new SessionProbe();
        DockerLiveSession python = (DockerLiveSession) sessions.start(spec(rImage, Language.PYTHON), pythonProbe);
        python.send(pythonProbe.execute("py", "import sys; print(sys.version_info[0])"));
        assertEquals("3\n", awaitStream(pythonProbe, "py"));
        assertEquals(null, docker.inspectContainerCmd(python.containerId()).exec().getConfig().getLabels()
                .get(SessionWarmPool.WARM_LABEL), "the Python session started a container of its own");
        assertEquals(1, sessions.warmCount(), "the R container still waits");
        python.stop();

        SessionProbe probe = new SessionProbe();
        DockerLiveSession session = (DockerLiveSession) sessions.start(r, probe);
        session.send(probe.execute("where", "writeLines('kept', 'out.txt'); cat(getwd(), R.version$major, '\\n')"));

        JsonNode reply = probe.await("where", "execute_reply", ANSWER);
        assertEquals("ok", reply.path("content").path("status").asText(), probe.summary());
        assertEquals(1, reply.path("content").path("execution_count").asInt(), "the warm kernel ran nothing visible");
        assertEquals("/kaggle/working 4 \n", awaitStream(probe, "where"));
        assertEquals("kept\n", Files.readString(r.workingDir().resolve("out.txt")),
                "IRkernel writes into the session's working folder, mounted after it started");
        assertEquals("true", docker.inspectContainerCmd(session.containerId()).exec().getConfig().getLabels()
                .get(SessionWarmPool.WARM_LABEL), "the R session runs in the container made ahead of time");
    }

    private String awaitStream(SessionProbe probe, String msgId) throws InterruptedException {
        probe.awaitIdle(msgId, ANSWER);
        return probe.streamText(msgId);
    }

    /** The image of the shipped r environment's newest ready version (built through the API when there is none). */
    private static String rImage() {
        ReadyEnvironments.dockerImage("r");
        return RestAssured.given().get("/api/environments/r/versions/latest").then().statusCode(200)
                .extract().path("image.name");
    }

    private SessionSpec spec(String image, Language language) throws Exception {
        Prepared prepared = prepare("");
        return new SessionSpec("r-" + UUID.randomUUID().toString().substring(0, 12), image, Map.of("KF_TEST", "1"),
                List.of(), prepared.dirs().working(), limits().withTimeout(Duration.ofMinutes(5)), false,
                Map.of(TEST_LABEL, DockerSessionContainersTest.SESSIONS), language);
    }

    private void awaitWarm() throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (sessions.warmCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, sessions.warmCount(), "a warm session container is ready");
    }
}
