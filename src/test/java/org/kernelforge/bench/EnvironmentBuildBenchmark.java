package org.kernelforge.bench;

import com.github.dockerjava.api.DockerClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.kernelforge.TestAccounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Build time and image size of each shipped environment, built through the platform's build API as an admin would
 * (src/bench/environment-benchmark.sh sets {@code kf.bench.environments}, a comma-separated list of environments;
 * never part of the suite). Builds install from the configured apt source (the loopback mirror in tests), one at a
 * time, each on the python environment's image: first from scratch (the build cache not looked at), then the same
 * recipe again, which the build cache answers with the image the first build made.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "kf.bench.environments", matches = ".+")
class EnvironmentBuildBenchmark {

    @Inject
    DockerClient docker;

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    private static final double MIB = 1024 * 1024;

    @Test
    void buildTimeAndImageSizePerShippedEnvironment() {
        List<String> names = List.of(System.getProperty("kf.bench.environments").split(","));
        Map<String, Object> base = given().get("/api/environments/python/versions/latest").then().statusCode(200)
                .extract().as(Map.class);
        // python/1 is the runtime image, never built here: the engine knows its size
        Long inspected = docker.inspectImageCmd((String) ((Map<?, ?>) base.get("image")).get("name")).exec().getSize();
        long baseBytes = inspected == null ? -1 : inspected;
        System.out.printf("environment benchmark: base python/%s %.0f MiB%n", base.get("version"), baseBytes / MIB);
        for (String name : names.stream().map(String::strip).toList()) {
            // from scratch: apt installs everything, as on a machine that never built this recipe
            Map<String, Object> fresh = build(name, true);
            // the same recipe again: the build cache tags the image the fresh build made
            Map<String, Object> cached = build(name, false);
            assertEquals(Boolean.TRUE, cached.get("reused"), () -> name + ": the second build was not reused: " + cached.get("buildLog"));
            assertEquals(fresh.get("image.digest"), cached.get("image.digest"));
            long image = number(fresh.get("imageBytes"));
            System.out.printf("environment %s/%s fresh: build %d s (%.1f s from the request to ready), download %.0f MiB, image %.0f MiB (%.0f MiB over the base),"
                            + " %d recipe lines, %d packages listed%n", name, fresh.get("version"), number(fresh.get("buildSeconds")),
                    (double) fresh.get("wallSeconds"), number(fresh.get("downloadBytes")) / MIB, image / MIB, (image - baseBytes) / MIB,
                    ((List<?>) fresh.get("recipe")).size(), ((List<?>) fresh.get("packages")).size());
            System.out.printf("environment %s/%s cached: build %d s (%.1f s from the request to ready; reused the image of %s/%s),"
                            + " image %.0f MiB%n", name, cached.get("version"), number(cached.get("buildSeconds")),
                    (double) cached.get("wallSeconds"), name, fresh.get("version"),
                    number(cached.get("imageBytes")) / MIB);
        }
    }

    /** Builds a new version of {@code name} with its current recipe and answers it, ready. */
    private static Map<String, Object> build(String name, boolean fromScratch) {
        long started = System.nanoTime();
        int version = TestAccounts.admin().given().contentType(ContentType.JSON).body(Map.of("fromScratch", fromScratch))
                .post("/api/environments/" + name + "/versions").then().statusCode(202).extract().path("version");
        Map<String, Object> built = awaitBuilt(name, version);
        assertEquals("ready", built.get("status"), () -> name + ": " + built.get("failure"));
        Map<String, Object> image = (Map<String, Object>) built.get("image");
        built.put("image.digest", image.get("digest"));
        built.put("wallSeconds", (System.nanoTime() - started) / 1e9);
        return built;
    }

    private static long number(Object value) {
        return value == null ? -1 : ((Number) value).longValue();
    }

    private static Map<String, Object> awaitBuilt(String name, int version) {
        Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = given().get("/api/environments/" + name + "/versions/" + version).then().statusCode(200)
                    .extract().as(Map.class);
            if (!"building".equals(v.get("status"))) {
                return v;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail(name + "/" + version + " was not built within " + BUILD_TIMEOUT);
        return null;
    }
}
