package org.kernelforge.platform;

import io.quarkus.test.junit.QuarkusTest;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that create the same thing race from a start latch against PostgreSQL: where all of them can succeed they
 * do (consecutive version numbers), where only one can the others get a 409 problem naming what exists; never a 500.
 */
@QuarkusTest
class ConcurrentCreationTest {

    private static final int RACERS = 4;

    @Test
    void racingFirstPushesToANewKernelAllSucceedWithConsecutiveVersionNumbers() throws Exception {
        Account ann = TestAccounts.signUp("ann");
        String slug = TestAccounts.uniqueName("race").toLowerCase();
        List<Response> answers = race(i -> ann.given().contentType(ContentType.JSON).body(quickPush("print(" + i + ")"))
                .post("/api/kernels/" + ann.username() + "/" + slug + "/versions"));

        assertEquals(List.of(202, 202, 202, 202), statuses(answers), bodies(answers));
        assertEquals(List.of(1, 2, 3, 4), answers.stream().map(r -> r.<Integer>path("version")).sorted().toList());
        ann.given().get("/api/kernels/" + ann.username() + "/" + slug).then().statusCode(200);
    }

    @Test
    void racingForksToOneSlugGiveOneKernelAndOtherwiseA409NamingIt() throws Exception {
        Account bo = TestAccounts.signUp("bo");
        Account cy = TestAccounts.signUp("cy");
        String parent = TestAccounts.uniqueName("parent").toLowerCase();
        Map<String, Object> push = quickPush("print(1)");
        push.put("is_private", false);
        bo.given().contentType(ContentType.JSON).body(push).post("/api/kernels/" + bo.username() + "/" + parent + "/versions")
                .then().statusCode(202);
        String copy = TestAccounts.uniqueName("copy").toLowerCase();
        List<Response> answers = race(i -> cy.given().contentType(ContentType.JSON).body(Map.of("slug", copy))
                .post("/api/kernels/" + bo.username() + "/" + parent + "/fork"));

        assertEquals(List.of(201, 409, 409, 409), statuses(answers), bodies(answers));
        assertConflictsName(answers, "slug", cy.username() + "/" + copy);
    }

    @Test
    void racingSignUpsOfOneUsernameGiveOneAccountAndOtherwiseA409() throws Exception {
        String username = TestAccounts.uniqueName("dee");
        List<Response> answers = race(i -> given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", TestAccounts.PASSWORD)).post("/api/auth/signup"));

        assertEquals(List.of(201, 409, 409, 409), statuses(answers), bodies(answers));
        assertConflictsName(answers, "username", username);
    }

    @Test
    void racingCompetitionsOfOneSlugGiveOneAndOtherwiseA409() throws Exception {
        Account olga = TestAccounts.organizer("olga");
        String dataset = TestAccounts.uniqueName("data").toLowerCase();
        olga.given().multiPart("metadata", "{\"title\":\"Data " + dataset + "\",\"id\":\"" + olga.username() + "/" + dataset
                        + "\",\"isPrivate\":false}", "application/json")
                .multiPart("file", "train.csv", "id,y\n1,0\n".getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        String slug = TestAccounts.uniqueName("comp").toLowerCase();
        Map<String, Object> settings = Map.of("slug", slug, "title", "Race " + slug, "description", "A race.",
                "rules", "None.", "startTime", Instant.now().minusSeconds(60).toString(),
                "endTime", Instant.now().plus(Duration.ofDays(1)).toString(), "dataset", olga.username() + "/" + dataset + "/1",
                "metric", "accuracy", "idColumn", "id", "targetColumns", List.of("y"));
        List<Response> answers = race(i -> olga.given().contentType(ContentType.JSON).body(settings).post("/api/competitions"));

        assertEquals(List.of(201, 409, 409, 409), statuses(answers), bodies(answers));
        assertConflictsName(answers, "slug", slug);

        Account eve = TestAccounts.signUp("eve");
        List<Response> joins = race(i -> eve.given().post("/api/competitions/" + slug + "/join"));
        assertEquals(List.of(200, 200, 200, 200), statuses(joins), bodies(joins));
    }

    @Test
    void racingFirstDraftSavesOfAKernelAllSucceed() throws Exception {
        Account flo = TestAccounts.signUp("flo");
        String slug = TestAccounts.uniqueName("draft").toLowerCase();
        List<Response> answers = race(i -> flo.given().contentType(ContentType.JSON).body(Map.of("source", "print(" + i + ")"))
                .put("/api/kernels/" + flo.username() + "/" + slug + "/draft"));

        assertEquals(List.of(200, 200, 200, 200), statuses(answers), bodies(answers));
        flo.given().get("/api/kernels/" + flo.username() + "/" + slug + "/draft").then().statusCode(200);
    }

    @Test
    void racingDatasetVersionsAndApiKeysAllSucceed() throws Exception {
        Account gus = TestAccounts.signUp("gus");
        String slug = TestAccounts.uniqueName("versions").toLowerCase();
        gus.given().multiPart("metadata", "{\"title\":\"Data " + slug + "\",\"id\":\"" + gus.username() + "/" + slug
                        + "\",\"isPrivate\":true}", "application/json")
                .multiPart("file", "a.csv", "a\n1\n".getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        List<Response> versions = race(i -> gus.given().multiPart("file", "v" + i + ".csv", ("a\n" + i + "\n").getBytes(), "text/csv")
                .post("/api/datasets/" + gus.username() + "/" + slug + "/versions"));
        assertEquals(List.of(201, 201, 201, 201), statuses(versions), bodies(versions));
        assertEquals(List.of(2, 3, 4, 5), versions.stream().map(r -> r.<Integer>path("version")).sorted().toList());

        List<Response> keys = race(i -> gus.given().post("/api/me/api-keys"));
        assertEquals(List.of(201, 201, 201, 201), statuses(keys), bodies(keys));
        assertEquals(RACERS, keys.stream().map(r -> r.<String>path("key")).distinct().count());
    }

    private static Map<String, Object> quickPush(String source) {
        Map<String, Object> push = new java.util.HashMap<>();
        push.put("title", "A race");
        push.put("kernel_type", "script");
        push.put("language", "python");
        push.put("source", source);
        push.put("mode", "quick");
        return push;
    }

    private static void assertConflictsName(List<Response> answers, String field, String what) {
        for (Response answer : answers) {
            if (answer.statusCode() == 409) {
                assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
                assertEquals(field, answer.path("field"), answer.asString());
                assertTrue(answer.<String>path("detail").contains(what), answer.asString());
            }
        }
    }

    interface Request {
        Response send(int racer) throws Exception;
    }

    /** Sends {@link #RACERS} requests at once, released together by a latch; answers them in the order sent. */
    private static List<Response> race(Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int racer = i;
                Callable<Response> call = () -> {
                    start.await();
                    return request.send(racer);
                };
                sent.add(pool.submit(call));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> answer : sent) {
                answers.add(answer.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> statuses(List<Response> answers) {
        return answers.stream().map(Response::statusCode).sorted().toList();
    }

    private static String bodies(List<Response> answers) {
        return answers.stream().map(r -> r.statusCode() + " " + r.asString()).toList().toString();
    }
}
