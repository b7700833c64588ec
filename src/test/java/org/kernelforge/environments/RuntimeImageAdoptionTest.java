package org.kernelforge.environments;

import com.github.dockerjava.api.DockerClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.runs.DockerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Versions run by digest, so a runtime image rebuilt under the same tag (KF_RUNTIME_IMAGE) becomes a version of its
 * own at start instead of silently replacing the bits of the one before. Shown here on an environment of the test's
 * own (the python environment serves the other tests).
 */
@QuarkusTest
class RuntimeImageAdoptionTest {

    @Inject
    ShippedEnvironments shipped;
    @Inject
    DockerClient docker;
    @Inject
    DockerConfig dockerConfig;

    @Test
    void aRuntimeImageOfNewBitsUnderTheSameTagBecomesTheNextVersionAndTheSameBitsDoNot() {
        String env = TestAccounts.uniqueName("adopt");
        String repository = "kernelforge/adopt-test-" + env;
        List<String> images = new ArrayList<>();
        try {
            TestAccounts.admin().given().contentType(ContentType.JSON)
                    .body(Map.of("name", env, "language", "python", "packages", List.of("hello")))
                    .post("/api/environments").then().statusCode(201);
            String first = derived(repository, images);

            assertEquals(Optional.of(1), shipped.adopt(env, repository + ":latest", "hello"));
            assertEquals(Optional.empty(), shipped.adopt(env, repository + ":latest", "hello"), "the same bits: no version");

            String second = derived(repository, images); // rebuilt: the tag moves to other bits
            assertEquals(Optional.of(2), shipped.adopt(env, repository + ":latest", "hello"));
            given().get("/api/environments/" + env + "/versions/1").then().statusCode(200)
                    .body("status", equalTo("ready")).body("image.digest", equalTo(first))
                    .body("image.name", equalTo(repository + ":latest"));
            given().get("/api/environments/" + env + "/versions/latest").then().statusCode(200)
                    .body("version", equalTo(2)).body("image.digest", equalTo(second))
                    .body("buildLog", containsString("which no earlier version recorded"));
        } finally {
            images.forEach(id -> docker.removeImageCmd(id).withForce(true).exec());
        }
    }

    /** The runtime image with one more layer, tagged {@code repository:latest}: new bits, as a rebuild makes. */
    private String derived(String repository, List<String> images) {
        String container = docker.createContainerCmd(dockerConfig.runtimeImage()).withCmd("true").exec().getId();
        try {
            String id = docker.commitCmd(container).withRepository(repository).withTag("latest").exec();
            images.add(id);
            return id;
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }
}
