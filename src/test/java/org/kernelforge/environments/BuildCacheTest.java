package org.kernelforge.environments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build cache on the real engine (loopback apt mirror): a recipe already built into an image on the engine is
 * tagged again, in this environment or another, with the same digest and without apt; a changed recipe builds.
 */
@QuarkusTest
class BuildCacheTest {

    @Inject
    DockerClient docker;

    @Test
    void aSecondBuildOfTheSameRecipeReusesItsImageAndAChangedRecipeBuilds() {
        String env = TestAccounts.uniqueName("cache");
        String twin = TestAccounts.uniqueName("cache-twin");
        try {
            Account admin = TestAccounts.admin();
            create(admin, env, List.of("tree"));

            // from scratch: apt installs, whatever the engine holds
            Map<String, Object> first = built(admin, env, 1, null, true);
            assertEquals(false, first.get("reused"));
            String hash = (String) first.get("recipeHash");
            assertTrue(hash.matches("[0-9a-f]{64}"), hash);
            assertTrue(((String) first.get("buildLog")).contains("Setting up tree"), () -> (String) first.get("buildLog"));
            String digest = digest(first);

            // the same recipe again: the image is tagged as version 2, nothing is installed
            Map<String, Object> second = built(admin, env, 2, null, false);
            assertEquals(true, second.get("reused"), () -> "log: " + second.get("buildLog"));
            assertEquals(digest, digest(second));
            assertEquals(hash, second.get("recipeHash"));
            assertEquals("kernelforge/env-" + env + ":2", ((Map<?, ?>) second.get("image")).get("name"));
            String log = (String) second.get("buildLog");
            assertTrue(log.contains("Reused image " + digest + " built at "), log);
            assertFalse(log.contains("apt-get install"), log);
            assertTrue(number(second.get("buildSeconds")) <= number(first.get("buildSeconds")),
                    () -> "reused in " + second.get("buildSeconds") + " s, built in " + first.get("buildSeconds") + " s");
            assertEquals(docker.inspectImageCmd(digest).exec().getId(),
                    docker.inspectImageCmd("kernelforge/env-" + env + ":2").exec().getId());
            assertEquals(((List<?>) first.get("packages")).size(), ((List<?>) second.get("packages")).size());
            // the package order of a recipe does not matter, nor the environment's name
            create(admin, twin, List.of("tree"));
            Map<String, Object> other = built(admin, twin, 1, null, false);
            assertEquals(true, other.get("reused"));
            assertEquals(digest, digest(other));

            // a changed recipe builds
            Map<String, Object> changed = built(admin, env, 3, List.of("jq", "tree"), false);
            assertEquals("ready", changed.get("status"), () -> "log: " + changed.get("buildLog"));
            assertEquals(false, changed.get("reused"));
            assertNotEquals(hash, changed.get("recipeHash"));
            assertNotEquals(digest, digest(changed));
            assertTrue(((String) changed.get("buildLog")).contains("Setting up jq"));
        } finally {
            remove("kernelforge/env-" + twin + ":1");
            for (int n = 1; n <= 3; n++) {
                remove("kernelforge/env-" + env + ":" + n);
            }
        }
    }

    @Test
    void aBuildFromScratchRemovesTheOlderImageOfItsRecipeThatNoTagNamesAnyMore() {
        String env = TestAccounts.uniqueName("cache-gc");
        String repository = "kernelforge/env-" + env;
        try {
            Account admin = TestAccounts.admin();
            create(admin, env, List.of("jq"));
            String older = digest(built(admin, env, 1, null, true));
            // another build takes the tag (as a fresh test database does with version numbers): the image is untagged
            String python = (String) ((Map<?, ?>) EnvironmentBuildTest.awaitBuilt("python", 1).get("image")).get("name");
            docker.tagImageCmd(python, repository, "1").withForce(true).exec();

            String newer = digest(built(admin, env, 2, null, true));
            assertNotEquals(older, newer);
            // removed once the version is recorded
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
            while (imageExists(older) && java.time.Instant.now().isBefore(deadline)) {
                EnvironmentBuildTest.sleep(200);
            }
            assertThrows(NotFoundException.class, () -> docker.inspectImageCmd(older).exec());
            // a tagged one stays
            built(admin, env, 3, null, true);
            assertEquals(newer, docker.inspectImageCmd(repository + ":2").exec().getId());
        } finally {
            // :1 may name the python image now: untag it only, never force
            try {
                docker.removeImageCmd(repository + ":1").withForce(false).exec();
            } catch (RuntimeException untagged) {
                // not tagged
            }
            for (int n = 2; n <= 3; n++) {
                remove(repository + ":" + n);
            }
        }
    }

    private static void create(Account admin, String env, List<String> packages) {
        admin.given().contentType(ContentType.JSON)
                .body(Map.of("name", env, "language", "python", "packages", packages))
                .post("/api/environments").then().statusCode(201);
    }

    private static Map<String, Object> built(Account admin, String env, int expected, List<String> packages, boolean fromScratch) {
        Map<String, Object> body = new HashMap<>();
        body.put("fromScratch", fromScratch);
        if (packages != null) {
            body.put("packages", packages);
        }
        int version = admin.given().contentType(ContentType.JSON).body(body).post("/api/environments/" + env + "/versions")
                .then().statusCode(202).extract().path("version");
        assertEquals(expected, version);
        Map<String, Object> v = EnvironmentBuildTest.awaitBuilt(env, version);
        assertEquals("ready", v.get("status"), () -> "build log: " + v.get("buildLog"));
        return v;
    }

    private static String digest(Map<String, Object> version) {
        return (String) ((Map<?, ?>) version.get("image")).get("digest");
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private boolean imageExists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }

    private void remove(String image) {
        try {
            docker.removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException notBuilt) {
            // that version did not build or tag an image
        }
    }
}
