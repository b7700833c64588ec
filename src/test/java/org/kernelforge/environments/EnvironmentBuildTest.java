package org.kernelforge.environments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Builds on the real engine from the loopback apt mirror (deploy/lib/apt-mirror.sh, recipe
 * src/test/resources/environments-test/tiny.packages): a build becomes a ready image with its packages listed, a
 * kernel runs in it, pinning keeps or moves kernels across a rebuild, and a broken recipe fails with apt's error while
 * the version before it keeps serving.
 */
@QuarkusTest
class EnvironmentBuildTest {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(6);

    @Inject
    DockerClient docker;

    @Test
    void buildsPinsAndKeepsServingAfterABrokenRecipe() {
        String env = TestAccounts.uniqueName("tiny");
        try {
            buildsPinsAndKeepsServing(env);
        } finally {
            for (int n = 1; n <= 3; n++) {
                try {
                    docker.removeImageCmd("kernelforge/env-" + env + ":" + n).withForce(true).exec();
                } catch (NotFoundException notBuilt) {
                    // that version did not build an image
                }
            }
        }
    }

    private void buildsPinsAndKeepsServing(String env) {
        Account admin = TestAccounts.admin();
        admin.given().contentType(ContentType.JSON)
                .body(Map.of("name", env, "language", "python", "description", "GNU hello on the base", "packages", List.of("hello")))
                .post("/api/environments")
                .then().statusCode(201).header("Location", endsWith("/api/environments/" + env))
                .body("recipe", equalTo(List.of("hello")));

        // not built yet: a kernel cannot name it
        Account user = TestAccounts.signUp("envuser");
        pushExpecting(user, "pin-original", env, "original", "quick", 400).body("field", equalTo("docker_image"))
                .body("detail", containsString("no built version yet"));

        int first = build(admin, env, null);
        assertEquals(1, first);
        Map<String, Object> v1 = awaitBuilt(env, 1);
        assertEquals("ready", v1.get("status"), () -> "build log: " + v1.get("buildLog"));
        given().get("/api/environments/" + env + "/versions/1").then().statusCode(200)
                .body("image.name", equalTo("kernelforge/env-" + env + ":1"))
                .body("image.digest", startsWith("sha256:"))
                .body("recipe", equalTo(List.of("hello")))
                .body("packages.findAll { it.source == 'debian' }.name", hasItem("hello"))
                .body("packages.findAll { it.source == 'python' }.name", hasItem("numpy"))
                .body("buildLog", containsString("Setting up hello"));
        given().accept(ContentType.TEXT).get("/api/environments/" + env + "/versions/1/log").then().statusCode(200)
                .body(containsString("apt-get install --no-install-recommends hello"));

        // a kernel runs in the environment's image: GNU hello is there
        int run = push(user, "pin-original", env, "original", "run",
                "import subprocess\nprint(subprocess.run(['hello'], capture_output=True, text=True).stdout)");
        Map<String, Object> ran = awaitKernel(user, "pin-original", run);
        assertEquals("complete", ran.get("status"), () -> "version: " + ran);
        assertEquals(Map.of("name", env, "version", 1), ran.get("environment"));
        user.given().accept(ContentType.TEXT).get("/api/kernels/" + user.username() + "/pin-original/versions/" + run + "/log")
                .then().body(containsString("Hello, world!"));
        push(user, "pin-latest", env, "latest", "quick", "print(1)");

        // rebuilt with one more package: the original-pinned kernel stays on 1, the latest one moves to 2
        assertEquals(2, build(admin, env, List.of("hello", "tree")));
        Map<String, Object> v2 = awaitBuilt(env, 2);
        assertEquals("ready", v2.get("status"), () -> "build log: " + v2.get("buildLog"));
        given().get("/api/environments/" + env + "/versions/latest").then().statusCode(200).body("version", equalTo(2))
                .body("packages.findAll { it.source == 'debian' }.name", hasItem("tree"));
        assertEquals(Map.of("name", env, "version", 1), environmentOf(user, "pin-original",
                push(user, "pin-original", env, null, "quick", "print(2)")));
        assertEquals(Map.of("name", env, "version", 2), environmentOf(user, "pin-latest",
                push(user, "pin-latest", env, null, "quick", "print(2)")));
        // naming a version pins it
        assertEquals(Map.of("name", env, "version", 2), environmentOf(user, "pin-original",
                push(user, "pin-original", env + "/2", null, "quick", "print(3)")));

        // a package apt does not know: the build fails with apt's words, version 2 keeps serving
        assertEquals(3, build(admin, env, List.of("hello", "kf-no-such-package")));
        Map<String, Object> v3 = awaitBuilt(env, 3);
        assertEquals("failed", v3.get("status"));
        assertTrue(((String) v3.get("failure")).contains("Unable to locate package kf-no-such-package"), () -> "failure: " + v3);
        given().accept(ContentType.TEXT).get("/api/environments/" + env + "/versions/3/log").then()
                .body(containsString("E: Unable to locate package kf-no-such-package"));
        given().get("/api/environments/" + env + "/versions/latest").then().body("version", equalTo(2));
        given().get("/api/environments").then().statusCode(200)
                .body("find { it.name == '" + env + "' }.latestVersion", equalTo(2));
        assertEquals(Map.of("name", env, "version", 2), environmentOf(user, "pin-latest",
                push(user, "pin-latest", env, null, "quick", "print(3)")));
        pushExpecting(user, "pin-latest", env + "/3", null, "quick", 400).body("field", equalTo("docker_image"))
                .body("detail", containsString("failed"));
    }

    /** From scratch: these tests read apt's output, which an image of the same recipe left on the engine would skip. */
    static int build(Account admin, String env, List<String> packages) {
        Map<String, Object> body = new HashMap<>();
        body.put("fromScratch", true);
        if (packages != null) {
            body.put("packages", packages);
        }
        return admin.given().contentType(ContentType.JSON).body(body).post("/api/environments/" + env + "/versions")
                .then().statusCode(202).body("status", equalTo("building"))
                .extract().path("version");
    }

    static Map<String, Object> awaitBuilt(String env, int version) {
        Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = given().get("/api/environments/" + env + "/versions/" + version)
                    .then().statusCode(200).extract().as(Map.class);
            if (!"building".equals(v.get("status"))) {
                return v;
            }
            sleep(500);
        }
        fail("version " + version + " of " + env + " did not finish building within " + BUILD_TIMEOUT);
        return null;
    }

    private static Map<String, Object> kernel(String title, String image, String pinning, String mode, String source) {
        Map<String, Object> push = new HashMap<>();
        push.put("title", title);
        push.put("kernel_type", "script");
        push.put("language", "python");
        push.put("source", source);
        push.put("docker_image", image);
        push.put("mode", mode);
        if (pinning != null) {
            push.put("docker_image_pinning_type", pinning);
        }
        return push;
    }

    static int push(Account owner, String slug, String image, String pinning, String mode, String source) {
        return owner.given().contentType(ContentType.JSON).body(kernel("Pinned", image, pinning, mode, source))
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions")
                .then().statusCode(202).extract().path("version");
    }

    static io.restassured.response.ValidatableResponse pushExpecting(Account owner, String slug, String image, String pinning,
                                                                     String mode, int status) {
        return owner.given().contentType(ContentType.JSON).body(kernel("Pinned", image, pinning, mode, "print(0)"))
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions")
                .then().statusCode(status);
    }

    static Object environmentOf(Account owner, String slug, int version) {
        return owner.given().get("/api/kernels/" + owner.username() + "/" + slug + "/versions/" + version)
                .then().statusCode(200).extract().path("environment");
    }

    static Map<String, Object> awaitKernel(Account owner, String slug, int version) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = owner.given().get("/api/kernels/" + owner.username() + "/" + slug + "/versions/" + version)
                    .then().statusCode(200).extract().as(Map.class);
            String status = (String) v.get("status");
            if (status.equals("complete") || status.equals("error") || status.equals("cancelled")) {
                return v;
            }
            sleep(300);
        }
        fail("version " + version + " of " + slug + " did not finish");
        return null;
    }

    private static org.hamcrest.Matcher<String> endsWith(String suffix) {
        return org.hamcrest.Matchers.endsWith(suffix);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
