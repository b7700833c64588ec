package org.kernelforge.kernels;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged server (embedded default: H2 file database) is killed with SIGKILL during a run and
 * started again: the run is re-attached and completes, or fails as platform when its container is
 * gone; no container is left behind and no version stays running.
 */
class KernelRestartIT {

    private static final String RUN_LABEL = "org.kernelforge.run";

    private ServerProcess server;
    private Path dataDir;
    private DockerClient docker;
    private String user;
    private String key;

    @BeforeEach
    void start() throws Exception {
        dataDir = Path.of("target", "restart-it-" + UUID.randomUUID().toString().substring(0, 8));
        server = new ServerProcess(dataDir, Map.of(
                "KF_S3_ENDPOINT", ServerProcess.env("KF_TEST_S3_ENDPOINT", "http://127.0.0.1:9100"),
                "KF_S3_ACCESS_KEY", "kernelforge-test",
                "KF_S3_SECRET_KEY", "kernelforge-test-secret",
                "KF_S3_BUCKET", "kernelforge-restart-it",
                "KF_SEED_ENABLED", "false",
                "KF_RUNTIME_IMAGE", ServerProcess.env("KF_RUNTIME_IMAGE", "kernelforge/python-runtime:latest")));
        server.start();
        RestAssured.baseURI = server.url();
        RestAssured.port = -1;
        user = "restart-" + UUID.randomUUID().toString().substring(0, 6);
        String cookie = given().contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", "a long password", "email", user + "@example.org"))
                .post("/api/auth/signup").then().statusCode(201).extract().cookie("kf_session");
        key = given().cookie("kf_session", cookie).post("/api/me/api-keys").then().statusCode(201).extract().path("key");
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        RestAssured.reset();
        docker.close();
    }

    @Test
    void aRunSurvivesAHardKillOfTheServerAndCompletes() throws Exception {
        awaitWarmContainers(); // the run is handed to one: the restart follows it by its recorded container id
        int version = push("survives-kill", """
                import time
                print('before the kill', flush=True)
                time.sleep(8)
                print('after the restart', flush=True)
                open('/kaggle/working/done.txt', 'w').write('finished')
                """);
        awaitLog("survives-kill", version, "before the kill");
        server.killHard();
        assertEquals(1, kernelContainers().size(), "the container keeps running while the server is down");
        List<String> before = runContainers().stream().map(c -> c.getId()).toList();

        server.start();
        Map<String, Object> v = awaitFinished("survives-kill", version);
        assertEquals("complete", v.get("status"), String.valueOf(v));
        as().get("/api/kernels/" + user + "/survives-kill/versions/" + version + "/output/done.txt")
                .then().statusCode(200).body(equalTo("finished"));
        List<String> lines = as().get("/api/kernels/" + user + "/survives-kill/versions/" + version + "/log")
                .then().extract().path("data");
        assertTrue(lines.contains("before the kill") && lines.contains("after the restart"), String.valueOf(lines));
        assertEquals(1, lines.stream().filter("before the kill"::equals).count(), "no line twice: " + lines);
        assertTrue(kernelContainers().isEmpty(), "no container left behind");
        List<String> now = runContainers().stream().map(c -> c.getId()).toList();
        assertTrue(before.stream().noneMatch(now::contains), "the warm containers of the killed server are removed");
    }

    @Test
    void aRunWhoseContainerVanishedWhileTheServerWasDownFailsAsPlatform() throws Exception {
        int version = push("container-gone", "import time\nprint('running', flush=True)\ntime.sleep(60)");
        awaitLog("container-gone", version, "running");
        server.killHard();
        List<com.github.dockerjava.api.model.Container> left = kernelContainers();
        assertEquals(1, left.size(), "the run's container outlived the server");
        for (var c : left) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException alreadyGone) {
                // removed concurrently: just as gone
            }
        }
        server.start();
        Map<String, Object> v = awaitFinished("container-gone", version);
        assertEquals("error", v.get("status"));
        assertEquals("platform", ((Map<?, ?>) v.get("failure")).get("kind"));
        assertTrue(kernelContainers().isEmpty());
    }

    private int push(String slug, String source) {
        return as().contentType(ContentType.JSON)
                .body(Map.of("kernel_type", "script", "language", "python", "source", source))
                .post("/api/kernels/" + user + "/" + slug + "/versions").then().statusCode(202).extract().path("version");
    }

    private RequestSpecification as() {
        return given().auth().preemptive().basic(user, key);
    }

    /** The server's containers running a kernel: warm containers still waiting for a run run only their shell. */
    private List<com.github.dockerjava.api.model.Container> kernelContainers() throws java.io.IOException {
        return runContainers().stream().filter(c -> {
            try {
                String[][] processes = docker.topContainerCmd(c.getId()).exec().getProcesses();
                return processes != null && java.util.Arrays.stream(processes).anyMatch(p -> String.join(" ", p).contains("python3"));
            } catch (com.github.dockerjava.api.exception.DockerException stopped) {
                return !"running".equals(c.getState()); // an exited run container still counts
            }
        }).toList();
    }

    private void awaitWarmContainers() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (runContainers().stream().filter(c -> c.getLabels().containsKey("org.kernelforge.warm")).count() < 2) {
            if (Instant.now().isAfter(deadline)) {
                fail("the server did not prepare its warm containers: " + runContainers());
            }
            Thread.sleep(100);
        }
    }

    /** The run containers of the server under test: other servers may share the engine (their own installation id). */
    private List<com.github.dockerjava.api.model.Container> runContainers() throws java.io.IOException {
        String installation = java.nio.file.Files.readString(dataDir.resolve("installation-id")).strip();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RUN_LABEL)).exec().stream()
                .filter(c -> c.getLabels() != null && installation.equals(c.getLabels().get("org.kernelforge.installation")))
                .toList();
    }

    private void awaitLog(String slug, int version, String line) throws InterruptedException {
        VersionWaits.awaitLogLine(this::as, "/api/kernels/" + user + "/" + slug + "/versions/" + version, line,
                Duration.ofSeconds(60));
    }

    private Map<String, Object> awaitFinished(String slug, int version) throws InterruptedException {
        return VersionWaits.awaitFinished(this::as, "/api/kernels/" + user + "/" + slug + "/versions/" + version,
                Duration.ofSeconds(90));
    }

}
