package org.kernelforge.faults;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A server that starts while the Docker engine is away (a host whose engine comes up late) serves, and runs later. */
@QuarkusTest
@TestProfile(EngineDownAtStartProfile.class)
class EngineDownAtStartTest {

    @AfterEach
    void engineBackUp() {
        OwnDockerEngine.startEngine();
    }

    @Test
    void theServerStartsWithoutItsEngineAndRunsQueuedVersionsWhenItComes() throws Exception {
        Account user = TestAccounts.signUp("engine-late");
        user.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Late start", "kernel_type", "script", "language", "python", "source", "print('late but ran')\n"))
                .post("/api/kernels/" + user.username() + "/late-start/versions").then().statusCode(202);
        Thread.sleep(5000);
        assertEquals("queued", version(user).get("status"));

        OwnDockerEngine.startEngine();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!List.of("complete", "error", "cancelled").contains(version(user).get("status"))) {
            if (Instant.now().isAfter(deadline)) {
                fail("the version did not run within 2 minutes of the engine's start: " + version(user));
            }
            Thread.sleep(250);
        }
        assertEquals("complete", version(user).get("status"), version(user).toString());
        assertTrue(user.given().accept(ContentType.JSON).get("/api/kernels/" + user.username() + "/late-start/versions/1/log")
                .then().statusCode(200).extract().asString().contains("late but ran"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> version(Account user) {
        return user.given().get("/api/kernels/" + user.username() + "/late-start/versions/1").then().statusCode(200)
                .extract().as(Map.class);
    }
}
