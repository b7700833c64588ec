package org.kernelforge.sessions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's limits on sessions, with a short idle timeout and room for one session in all. */
@QuarkusTest
@TestProfile(SessionLimitsTest.ShortLimits.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SessionLimitsTest extends SessionsTestBase {

    public static class ShortLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.sessions.idle-timeout", "PT3S", "kernelforge.sessions.total", "1");
        }
    }

    @Test
    void anIdleSessionEndsAndFreesItsPlace() throws Exception {
        Account first = user("idle");
        Account second = user("wait");
        String id = start(first, null);

        // a client attached keeps it alive past the timeout (attached first: a loaded machine may take seconds to answer
        // the refused start below, and a kernel without a client is idle from its first answer on)
        try (JupyterClient client = openWithToken(first, id)) {
            jupyter(second).contentType(ContentType.JSON).body(Map.of("name", "python3")).post("/jupyter/api/kernels")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("detail", containsString("1 interactive sessions"));
            Thread.sleep(4500);
            jupyter(first).get("/jupyter/api/kernels/" + id).then().statusCode(200).body("connections", equalTo(1));
        }

        Instant detached = Instant.now();
        while (jupyter(first).get("/jupyter/api/kernels/" + id).statusCode() == 200) {
            assertTrue(Instant.now().isBefore(detached.plusSeconds(30)), "the idle session did not end");
            Thread.sleep(200);
        }
        long after = Duration.between(detached, Instant.now()).toMillis();
        assertTrue(after >= 2500, "ended " + after + " ms after the client left, before its idle timeout");
        jupyter(first).get("/jupyter/api/kernels/" + id).then().statusCode(404).body("detail", containsString("idle"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sessionContainers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, sessionContainers(), "the idle session's container is removed");

        start(second, null);
    }
}
