package org.kernelforge;

import io.restassured.http.ContentType;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shipped environments that tests run kernels in. The first test that needs one has an admin build it through the
 * API (from the loopback apt mirror, deploy/lib/apt-mirror.sh) unless the database already has a ready version; every
 * later test of the run reuses that version instead of building again (python-full and r take minutes).
 */
public final class ReadyEnvironments {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);
    private static final Set<String> READY = new HashSet<>();

    private ReadyEnvironments() {
    }

    /** The docker_image that names the shipped environment {@code name}, once it has a ready version. */
    public static synchronized String dockerImage(String name) {
        if (READY.contains(name)) {
            return name;
        }
        String latest = "/api/environments/" + name + "/versions/latest";
        int status = given().get(latest).statusCode();
        if (status != 200 || !"ready".equals(given().get(latest).then().extract().path("status"))) {
            Map<String, Object> built = build(name);
            if (String.valueOf(built.get("failure")).contains("exit code 137")) {
                // killed from outside: another server starting on the same engine removed the build container
                built = build(name);
            }
            if (!"ready".equals(built.get("status"))) {
                fail("the shipped environment " + name + " did not build: " + built.get("failure") + "\n" + built.get("buildLog"));
            }
        }
        READY.add(name);
        return name;
    }

    /** Builds a new version as an admin and answers it once built (ready or failed). */
    private static Map<String, Object> build(String name) {
        int version = TestAccounts.admin().given().contentType(ContentType.JSON).body(Map.of())
                .post("/api/environments/" + name + "/versions")
                .then().statusCode(202).extract().path("version");
        Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
        String url = "/api/environments/" + name + "/versions/" + version;
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = given().get(url).then().statusCode(200).extract().as(Map.class);
            if (!"building".equals(v.get("status"))) {
                return v;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while " + name + " was building");
            }
        }
        fail("the shipped environment " + name + " was not built within " + BUILD_TIMEOUT);
        return null;
    }
}
