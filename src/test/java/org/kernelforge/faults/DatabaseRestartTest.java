package org.kernelforge.faults;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The database restarted while kernels run and requests arrive: while it is down every request answers a 503
 * problem+json, the server serves again once it is back without being restarted, and every run ends exactly once.
 */
@QuarkusTest
@TestProfile(OwnPostgresProfile.class)
class DatabaseRestartTest {

    private static final int VERSIONS = 4;

    @Test
    void requestsFailClearlyWhileTheDatabaseIsDownAndTheServerRecoversWithoutLosingARun() {
        Account user = TestAccounts.signUp("db-restart");
        String kernel = "under-restart";
        for (int v = 1; v <= VERSIONS; v++) {
            Map<String, Object> push = Map.of("title", "Under restart", "kernel_type", "script", "language", "python",
                    "source", "import time\nprint('run of version " + v + "', flush=True)\ntime.sleep(3)\n"
                            + "open('/kaggle/working/v.txt', 'w').write('" + v + "')\n");
            user.given().contentType(ContentType.JSON).body(push)
                    .post("/api/kernels/" + user.username() + "/" + kernel + "/versions").then().statusCode(202);
        }
        awaitAnyRunning(user, kernel);

        OwnPostgres.stopDatabase();
        Map<Integer, Integer> answers = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        Instant downUntil = Instant.now().plusSeconds(8);
        while (Instant.now().isBefore(downUntil)) {
            for (Response r : List.of(user.given().get("/api/kernels/" + user.username() + "/" + kernel + "/versions/1"),
                    RestAssured.given().get("/api/datasets"),
                    user.given().contentType(ContentType.JSON).body(Map.of("title", "x", "kernel_type", "script",
                            "language", "python", "source", "print(2)")).post("/api/kernels/" + user.username() + "/during/versions"))) {
                answers.merge(r.statusCode(), 1, Integer::sum);
                boolean clear = r.statusCode() == 503 && r.contentType().startsWith("application/problem+json")
                        && r.jsonPath().getString("detail").contains("database") && r.header("Retry-After") != null;
                if (!clear) {
                    wrong.add(r.statusCode() + " " + r.contentType() + " " + r.asString());
                }
            }
        }
        OwnPostgres.startAgain();
        System.out.println("answers while the database was down: " + answers);
        assertTrue(wrong.isEmpty(), "every answer while the database is down is a 503 problem+json: " + wrong);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (user.given().get("/api/kernels/" + user.username() + "/" + kernel).statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                fail("the server did not serve again within 60 s of the database coming back");
            }
            OwnObjectStore.sleep(250);
        }
        Instant recovered = Instant.now();
        for (int v = 1; v <= VERSIONS; v++) {
            Map<String, Object> version = awaitFinished(user, kernel, v);
            assertEquals("complete", version.get("status"), "version " + v + " ran to its end: " + version);
            String log = user.given().accept("text/plain").get("/api/kernels/" + user.username() + "/" + kernel
                    + "/versions/" + v + "/log").then().statusCode(200).extract().asString();
            assertEquals(1, log.split("run of version " + v, -1).length - 1, "version " + v + " ran exactly once: " + log);
        }
        user.given().get("/api/kernels/" + user.username() + "/during").then().statusCode(404);
        assertFalse(answers.containsKey(500));
        System.out.println("all " + VERSIONS + " versions complete " + Duration.between(recovered, Instant.now()).toSeconds()
                + " s after the server served again");
    }

    private static void awaitAnyRunning(Account user, String kernel) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if ("running".equals(version(user, kernel, 1).get("status"))) {
                return;
            }
            OwnObjectStore.sleep(100);
        }
        fail("no version started running");
    }

    private static Map<String, Object> awaitFinished(Account user, String kernel, int v) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> version = version(user, kernel, v);
            if (List.of("complete", "error", "cancelled").contains(version.get("status"))) {
                return version;
            }
            OwnObjectStore.sleep(250);
        }
        fail("version " + v + " did not finish within 3 minutes after the restart: " + version(user, kernel, v));
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> version(Account user, String kernel, int v) {
        return user.given().get("/api/kernels/" + user.username() + "/" + kernel + "/versions/" + v)
                .then().statusCode(200).extract().as(Map.class);
    }
}
