package org.kernelforge.faults;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import jakarta.inject.Inject;
import org.kernelforge.runs.ContainerSettings;
import org.kernelforge.runs.DockerConfig;
import org.kernelforge.runs.LiveSession;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunLimitsPolicy;
import org.kernelforge.runs.SessionContainers;
import org.kernelforge.runs.SessionEnd;
import org.kernelforge.runs.SessionListener;
import org.kernelforge.runs.SessionSpec;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.runs.WarmContainers;

import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Docker engine stopped under the server, on an engine of the test's own ({@link OwnDockerEngine}): as an operator
 * restarts it (SIGTERM) and as it crashes (SIGKILL), while a version runs and while versions are pushed. Without live
 * restore the engine stops every container when it goes (SIGTERM) or comes back (SIGKILL): the run is lost, ends as a
 * platform error, and its container is removed once the engine answers again.
 */
@QuarkusTest
@TestProfile(OwnDockerEngineProfile.class)
class EngineRestartTest {

    @Inject
    SessionContainers sessions;
    @Inject
    WorkingDirectories directories;
    @Inject
    RunLimitsPolicy policy;
    @Inject
    DockerConfig dockerConfig;

    private static final String TICKING = "import time\nprint('started', flush=True)\n"
            + "for i in range(600):\n    print('tick', i, flush=True)\n    time.sleep(0.5)\n";

    @AfterEach
    void engineBackUp() {
        OwnDockerEngine.startEngine();
    }

    @Test
    void aVersionRunningWhenTheEngineIsStoppedEndsAsAPlatformErrorAndLeavesNoContainer() throws Exception {
        versionCutShortBy("TERM");
    }

    @Test
    void aVersionRunningWhenTheEngineCrashesEndsAsAPlatformErrorAndLeavesNoContainer() throws Exception {
        versionCutShortBy("KILL");
    }

    private void versionCutShortBy(String signal) throws Exception {
        Account user = TestAccounts.signUp("engine-" + signal.toLowerCase());
        String kernel = "cut-" + signal.toLowerCase();
        long threadsBefore = engineThreads();
        push(user, kernel, TICKING);
        await("version 1 running with its first line logged", Duration.ofMinutes(2),
                () -> "running".equals(version(user, kernel, 1).get("status")) && log(user, kernel, 1).contains("started"));
        CompletableFuture<List<String>> follower = followLog(user, kernel, 1);

        OwnDockerEngine.stopEngine(signal);
        Map<String, Object> ended = awaitFinished(user, kernel, 1, Duration.ofMinutes(1));
        System.out.println("engine stopped (" + signal + ") under a run: " + ended);
        assertEquals("error", ended.get("status"), ended.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> failure = (Map<String, Object>) ended.get("failure");
        assertEquals("platform", failure.get("kind"), ended.toString());
        String message = String.valueOf(failure.get("message"));
        assertTrue(message.contains("Docker engine stopped"), message);
        assertFalse(message.contains("/run/") || message.contains("unix:") || message.contains("Exception"), message);
        assertTrue(log(user, kernel, 1).contains("started"), "the log up to the outage is kept");
        assertTrue(Instant.parse((String) ended.get("startedAt")).isBefore(Instant.parse((String) ended.get("finishedAt"))),
                "the version keeps when it started: " + ended);
        assertTrue(follower.get(30, TimeUnit.SECONDS).stream().anyMatch(line -> line.contains("tick")),
                "a live follower of the log got its lines and its stream ended with the version");

        OwnDockerEngine.startEngine();
        await("no container left but the warm ones waiting", Duration.ofMinutes(2), () -> orphans().isEmpty());
        await("no watchdog or log-stream thread left", Duration.ofSeconds(30), () -> engineThreads() <= threadsBefore);

        push(user, kernel, "print('after the restart')\n");
        Map<String, Object> next = awaitFinished(user, kernel, 2, Duration.ofMinutes(2));
        assertEquals("complete", next.get("status"), "the engine runs versions again: " + next);
    }

    @Test
    void versionsPushedWhileTheEngineIsDownWaitInTheQueueAndRunWhenItReturns() {
        Account user = TestAccounts.signUp("engine-down");
        OwnDockerEngine.stopEngine("TERM");
        push(user, "waits", "print('ran after the engine came back')\n");
        sleep(6000); // three rounds of the dispatcher and of the engine check
        assertEquals("queued", version(user, "waits", 1).get("status"), "a version waits for the engine instead of failing");

        OwnDockerEngine.startEngine();
        Map<String, Object> ran = awaitFinished(user, "waits", 1, Duration.ofMinutes(2));
        assertEquals("complete", ran.get("status"), ran.toString());
        assertTrue(log(user, "waits", 1).contains("ran after the engine came back"));
    }

    @Test
    void aSessionWhoseEngineStopsEndsAsAPlatformFailureAndLeavesNoContainer() throws Exception {
        long threadsBefore = engineThreads();
        RunDirectories dirs = directories.create(Path.of("target", "faults-engine-sessions", UUID.randomUUID().toString())
                .toAbsolutePath(), 64L << 20);
        CompletableFuture<SessionEnd> ended = new CompletableFuture<>();
        SessionListener listener = new SessionListener() {
            @Override
            public void onMessage(String message) {
            }

            @Override
            public void onKernelState(String state) {
            }

            @Override
            public void onEnded(SessionEnd end) {
                ended.complete(end);
            }
        };
        String sessionId = "s-" + UUID.randomUUID().toString().substring(0, 12);
        LiveSession session = sessions.start(new SessionSpec(sessionId, dockerConfig.runtimeImage(), Map.of(), List.of(),
                dirs.working(), policy.defaults().withMemoryBytes(512L << 20), false, Map.of()), listener);
        try {
            OwnDockerEngine.stopEngine("TERM");
            SessionEnd end = ended.get(60, TimeUnit.SECONDS);
            System.out.println("engine stopped under a session: " + end);
            assertEquals("platform", end.reason(), end.toString());
            assertTrue(end.detail().contains("Docker engine stopped"), end.detail());
            assertFalse(end.detail().contains("/run/") || end.detail().contains("Exception"), end.detail());

            OwnDockerEngine.startEngine();
            await("no session container left", Duration.ofMinutes(1), () -> sessionContainers().isEmpty());
            await("no log-stream thread left", Duration.ofSeconds(30), () -> engineThreads() <= threadsBefore);
        } finally {
            session.stop();
            directories.release(dirs);
        }
    }

    private static List<String> sessionContainers() {
        try (DockerClient docker = ownEngine()) {
            return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(ContainerSettings.SESSION_LABEL))
                    .exec().stream().map(c -> c.getId().substring(0, 12) + " " + c.getState()).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Containers on the engine that are not warm containers waiting for a run: what runs left behind. */
    private static List<String> orphans() {
        try (DockerClient docker = ownEngine()) {
            List<Container> all = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(ContainerSettings.RUN_LABEL)).exec();
            return all.stream()
                    .filter(c -> !("running".equals(c.getState()) && c.getLabels().containsKey(WarmContainers.WARM_LABEL)))
                    .map(c -> c.getId().substring(0, 12) + " " + c.getState() + " " + c.getLabels().get(ContainerSettings.RUN_LABEL))
                    .toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DockerClient ownEngine() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(OwnDockerEngine.host()).build();
        return DockerClientImpl.getInstance(config,
                new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    /** Threads that follow a container: its watchdog, and the engine client's stream threads. */
    private static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("run-watchdog") || n.startsWith("docker-java-stream")).count();
    }

    private static void push(Account user, String kernel, String source) {
        user.given().contentType(ContentType.JSON)
                .body(Map.of("title", kernel, "kernel_type", "script", "language", "python", "source", source))
                .post("/api/kernels/" + user.username() + "/" + kernel + "/versions").then().statusCode(202);
    }

    /** Follows the log as the version page does (server-sent events); completes with every line once the stream ends. */
    private static CompletableFuture<List<String>> followLog(Account user, String kernel, int n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/kernels/"
                        + user.username() + "/" + kernel + "/versions/" + n + "/log"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user.username() + ":" + user.key()).getBytes()))
                .build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> response.body().toList());
    }

    private static Map<String, Object> awaitFinished(Account user, String kernel, int n, Duration patience) {
        await("version " + n + " of " + kernel + " finished", patience,
                () -> List.of("complete", "error", "cancelled").contains(version(user, kernel, n).get("status")));
        return version(user, kernel, n);
    }

    private static void await(String what, Duration patience, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            sleep(250);
        }
        fail("not within " + patience.toSeconds() + " s: " + what + (what.contains("container") ? " " + orphans() + " " + sessionContainers() : ""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> version(Account user, String kernel, int n) {
        return user.given().get("/api/kernels/" + user.username() + "/" + kernel + "/versions/" + n)
                .then().statusCode(200).extract().as(Map.class);
    }

    private static String log(Account user, String kernel, int n) {
        return user.given().accept(ContentType.JSON).get("/api/kernels/" + user.username() + "/" + kernel + "/versions/" + n + "/log")
                .then().statusCode(200).extract().asString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
