package org.kernelforge.kernels;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
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
 * The packaged server on the swarm engine (KF_RUNS_ENGINE=swarm, the swarm of KF_TEST_SWARM_ENV) is killed with SIGKILL
 * during a run and started again: the run's service ran on meanwhile, is re-attached by its recorded id, and the
 * version completes with its output, its whole log once, and the node that ran it; no service is left on the swarm.
 */
class SwarmRestartIT {

    private ServerProcess server;
    private Path dataDir;
    private DockerClient manager;
    private String user;
    private String key;

    @BeforeEach
    void start() throws Exception {
        String swarmEnv = System.getenv("KF_TEST_SWARM_ENV");
        if (swarmEnv == null || swarmEnv.isBlank()) {
            fail("KF_TEST_SWARM_ENV is not set: this test needs a swarm (deploy/swarm/up.sh) and the path of its env file");
        }
        dataDir = Path.of("target", "swarm-restart-it-" + UUID.randomUUID().toString().substring(0, 8));
        server = new ServerProcess(dataDir, Map.of(
                "KF_S3_ENDPOINT", ServerProcess.env("KF_TEST_S3_ENDPOINT", "http://127.0.0.1:9100"),
                "KF_S3_ACCESS_KEY", "kernelforge-test",
                "KF_S3_SECRET_KEY", "kernelforge-test-secret",
                "KF_S3_BUCKET", "kernelforge-swarm-restart-it",
                "KF_SEED_ENABLED", "false",
                "KF_RUNS_ENGINE", "swarm",
                "KF_SWARM_ENV_FILE", swarmEnv,
                "KF_RUNTIME_IMAGE", ServerProcess.env("KF_RUNTIME_IMAGE", "kernelforge/python-runtime:latest")));
        server.start();
        RestAssured.baseURI = server.url();
        RestAssured.port = -1;
        user = "swarm-" + UUID.randomUUID().toString().substring(0, 6);
        String cookie = given().contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", "a long password", "email", user + "@example.org"))
                .post("/api/auth/signup").then().statusCode(201).extract().cookie("kf_session");
        key = given().cookie("kf_session", cookie).post("/api/me/api-keys").then().statusCode(201).extract().path("key");
        String managerHost = Files.readAllLines(Path.of(swarmEnv)).stream().filter(l -> l.startsWith("KF_SWARM_MANAGER="))
                .map(l -> l.substring("KF_SWARM_MANAGER=".length()).strip()).findFirst().orElseThrow();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(managerHost).build();
        manager = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        RestAssured.reset();
        manager.close();
    }

    @Test
    void aSwarmRunSurvivesAHardKillOfTheServerAndCompletes() throws Exception {
        int version = as().contentType(ContentType.JSON)
                .body(Map.of("kernel_type", "script", "language", "python", "source", """
                        import time
                        print('before the kill', flush=True)
                        time.sleep(10)
                        print('after the restart', flush=True)
                        open('/kaggle/working/done.txt', 'w').write('finished')
                        """))
                .post("/api/kernels/" + user + "/survives-kill/versions").then().statusCode(202).extract().path("version");
        awaitLog(version, "before the kill");
        server.killHard();
        assertEquals(1, runServices().size(), "the run's service goes on while the server is down");

        server.start();
        Map<String, Object> v = awaitFinished(version);
        assertEquals("complete", v.get("status"), String.valueOf(v));
        assertTrue(List.of("node1", "node2").contains(v.get("node")), "ran on a swarm node: " + v.get("node"));
        as().get("/api/kernels/" + user + "/survives-kill/versions/" + version + "/output/done.txt")
                .then().statusCode(200).body(equalTo("finished"));
        List<String> lines = as().get("/api/kernels/" + user + "/survives-kill/versions/" + version + "/log")
                .then().extract().path("data");
        assertTrue(lines.contains("before the kill") && lines.contains("after the restart"), String.valueOf(lines));
        assertEquals(1, lines.stream().filter("before the kill"::equals).count(), "no line twice: " + lines);
        assertEquals(List.of(), runServices(), "no service left on the swarm");
    }

    /** This server's version runs on the swarm: services labelled with a version and this installation. */
    private List<Service> runServices() {
        return manager.listServicesCmd().exec().stream()
                .filter(s -> s.getSpec() != null && s.getSpec().getLabels() != null
                        && s.getSpec().getLabels().containsKey("org.kernelforge.version"))
                .filter(s -> installation().equals(s.getSpec().getLabels().get("org.kernelforge.installation")))
                .toList();
    }

    private String installation() {
        try {
            return Files.readString(dataDir.resolve("installation-id")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RequestSpecification as() {
        return given().auth().preemptive().basic(user, key);
    }

    private void awaitLog(int version, String line) throws InterruptedException {
        VersionWaits.awaitLogLine(this::as, "/api/kernels/" + user + "/survives-kill/versions/" + version, line,
                Duration.ofSeconds(120));
    }

    private Map<String, Object> awaitFinished(int version) throws InterruptedException {
        return VersionWaits.awaitFinished(this::as, "/api/kernels/" + user + "/survives-kill/versions/" + version,
                Duration.ofSeconds(120));
    }

}
