package org.kernelforge.environments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.runs.ContainerSettings;
import org.kernelforge.runs.DockerConfig;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An environment version is immutable in what runs, not only in what it records: its commits and sessions start from
 * the image id it recorded, so moving its tag to other bits changes nothing, and once that image is gone a commit
 * fails as an environment error naming the environment and the digest, and a session is refused.
 */
@QuarkusTest
class PinnedImageTest {

    /** GNU hello is in the environment's image, not in the runtime image its tag is moved to. */
    private static final String WHICH_HELLO = "import shutil\nprint('hello at', shutil.which('hello'))";

    @Inject
    DockerClient docker;
    @Inject
    DockerConfig dockerConfig;

    @Test
    void aPinnedKernelRunsTheBitsItsEnvironmentVersionRecordedWhateverItsTagNamesNow() {
        String env = TestAccounts.uniqueName("pinned");
        String tag = "kernelforge/env-" + env + ":1";
        String digest = null;
        try {
            Account admin = TestAccounts.admin();
            // a recipe of this test's own (from scratch): no other build shares or cleans up its image
            admin.given().contentType(ContentType.JSON)
                    .body(Map.of("name", env, "language", "python", "packages", List.of("jq", "hello")))
                    .post("/api/environments").then().statusCode(201);
            assertEquals(1, EnvironmentBuildTest.build(admin, env, null));
            Map<String, Object> v1 = EnvironmentBuildTest.awaitBuilt(env, 1);
            assertEquals("ready", v1.get("status"), () -> "build log: " + v1.get("buildLog"));
            digest = (String) ((Map<?, ?>) v1.get("image")).get("digest");
            String runtimeId = docker.inspectImageCmd(dockerConfig.runtimeImage()).exec().getId();
            assertNotEquals(runtimeId, digest);

            Account user = TestAccounts.signUp("pinned");
            int first = EnvironmentBuildTest.push(user, "pinned-kernel", env, "original", "run", WHICH_HELLO);
            assertEquals("complete", EnvironmentBuildTest.awaitKernel(user, "pinned-kernel", first).get("status"));
            assertLog(user, first, "hello at /usr/bin/hello");

            // the tag now names other bits (a rebuild elsewhere, another installation, an admin's docker tag)
            docker.tagImageCmd(runtimeId, "kernelforge/env-" + env, "1").withForce(true).exec();
            assertEquals(runtimeId, docker.inspectImageCmd(tag).exec().getId());

            int second = EnvironmentBuildTest.push(user, "pinned-kernel", env, null, "run", WHICH_HELLO);
            Map<String, Object> ran = EnvironmentBuildTest.awaitKernel(user, "pinned-kernel", second);
            assertEquals("complete", ran.get("status"), () -> "version: " + ran);
            assertLog(user, second, "hello at /usr/bin/hello");
            // the version still shows what it ran in: the environment version, the image's name and its digest
            assertEquals(Map.of("name", env, "version", 1), ran.get("environment"));
            assertEquals(Map.of("name", tag, "digest", digest), ran.get("image"));

            // a session of the kernel starts from the same image id
            String session = startSession(user, "pinned-kernel").then().statusCode(201).extract().path("id");
            try {
                List<Container> containers = docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(ContainerSettings.SESSION_LABEL, session)).exec();
                assertEquals(1, containers.size(), "the session's container: " + containers);
                assertEquals(digest, containers.get(0).getImageId());
            } finally {
                jupyter(user).delete("/jupyter/api/kernels/" + session);
                awaitNoContainer(session);
            }

            // the recorded image is gone: an environment error that names the environment and the digest
            docker.removeImageCmd(digest).withForce(true).exec();
            int third = EnvironmentBuildTest.push(user, "pinned-kernel", env, null, "run", WHICH_HELLO);
            Map<String, Object> failed = EnvironmentBuildTest.awaitKernel(user, "pinned-kernel", third);
            assertEquals("error", failed.get("status"), () -> "version: " + failed);
            Map<?, ?> failure = (Map<?, ?>) failed.get("failure");
            assertEquals("environment", failure.get("kind"), () -> "failure: " + failure);
            String message = (String) failure.get("message");
            assertTrue(message.startsWith("The environment '" + env + "' version 1 is gone: its image " + digest + " ("
                    + tag + ") is no longer on the Docker engine"), message);
            assertFalse(message.contains("/kaggle") || message.contains("target/") || message.contains("/var/"), message);
            startSession(user, "pinned-kernel").then().statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("field", equalTo("docker_image"))
                    .body("detail", allOf(containsString("'" + env + "' version 1 is gone"), containsString(digest),
                            not(containsString("/var/"))));
        } finally {
            untag(tag);
            if (digest != null) {
                try {
                    docker.removeImageCmd(digest).withForce(true).exec();
                } catch (NotFoundException removed) {
                    // the test removed it
                }
            }
        }
    }

    /** A running container keeps its image from being removed. */
    private void awaitNoContainer(String session) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (!docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerSettings.SESSION_LABEL, session)).exec().isEmpty()) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "the session's container was not removed");
            EnvironmentBuildTest.sleep(200);
        }
    }

    private static void assertLog(Account user, int version, String line) {
        user.given().accept(ContentType.TEXT).get("/api/kernels/" + user.username() + "/pinned-kernel/versions/" + version + "/log")
                .then().statusCode(200).body(containsString(line));
    }

    private static io.restassured.specification.RequestSpecification jupyter(Account user) {
        return given().header("Authorization", "token " + user.key());
    }

    private static io.restassured.response.Response startSession(Account user, String slug) {
        return jupyter(user).contentType(ContentType.JSON)
                .body(Map.of("name", "python3", "path", user.username() + "/" + slug)).post("/jupyter/api/kernels");
    }

    /** The tag names the runtime image now: remove the tag only, never that image. */
    private void untag(String tag) {
        try {
            docker.removeImageCmd(tag).withForce(false).exec();
        } catch (RuntimeException notTagged) {
            // the build did not get that far
        }
    }
}
