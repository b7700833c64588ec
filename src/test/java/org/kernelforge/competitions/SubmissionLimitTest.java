package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.RawMultipart;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.TestClock;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.*;

/** The daily limit holds exactly, also when submissions race each other. */
@QuarkusTest
class SubmissionLimitTest {

    @Inject
    TestClock clock;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @Test
    void concurrentSubmissionsCannotGetPastTheDailyLimit() throws Exception {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        Map<String, Object> settings = settings(slug, dataset(organizer));
        settings.put("dailySubmissionLimit", 3);
        create(organizer, settings);
        putSolution(organizer, slug, SOLUTION);
        Account racer = TestAccounts.signUp("racer");
        join(racer, slug);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Response> submit = () -> upload(racer, slug, "s.csv", predicting(List.of(102)));
            results.add(pool.submit(submit));
        }
        int accepted = 0;
        int refused = 0;
        for (Future<Response> f : results) {
            Response r = f.get();
            if (r.statusCode() == 202) {
                accepted++;
            } else {
                assertEquals(429, r.statusCode(), r.asString());
                assertTrue(r.jsonPath().getString("detail").contains("resets at"), r.asString());
                assertNotNull(r.header("Retry-After"));
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(3, accepted);
        assertEquals(5, refused);
        racer.given().get("/api/competitions/" + slug + "/submissions").then().body("size()", equalTo(3));
        racer.given().get("/api/competitions/" + slug).then().body("caller.submissionsLeftToday", equalTo(0));
    }

    @Test
    void failedSubmissionsDoNotCountAndPendingOnesDo() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        Map<String, Object> settings = settings(slug, dataset(organizer));
        settings.put("dailySubmissionLimit", 1);
        create(organizer, settings);
        putSolution(organizer, slug, SOLUTION);
        Account sam = TestAccounts.signUp("sam");
        join(sam, slug);

        assertEquals("error", scored(sam, slug, "not,a\nvalid,submission\n").get("status"));
        long ok = submit(sam, slug, predicting(List.of(102)));
        upload(sam, slug, "again.csv", predicting(List.of(104))).then().statusCode(429)
                .body("detail", containsString("all 1 submissions of today"));
        assertEquals("complete", awaitScored(sam, slug, ok).get("status"));
    }

    @Test
    void oversizedFilesAreRefusedBeforeScoring() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account big = TestAccounts.signUp("big");
        join(big, slug);
        // the test profile caps submissions at 64 KiB
        String huge = "PassengerId,Survived\n" + "1,1\n".repeat(20_000);
        upload(big, slug, "huge.csv", huge).then().statusCode(413)
                .body("detail", containsString("'huge.csv' is " + huge.length() + " bytes; submissions may be at most"));
        big.given().contentType(ContentType.JSON).get("/api/competitions/" + slug + "/submissions")
                .then().body("size()", equalTo(0));
    }

    @Test
    void theDailyLimitResetsAtMidnightUtc() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        Map<String, Object> settings = settings(slug, dataset(organizer));
        settings.put("endTime", Instant.now().plus(Duration.ofDays(3)).toString());
        settings.put("dailySubmissionLimit", 2);
        create(organizer, settings);
        putSolution(organizer, slug, SOLUTION);
        Account owl = TestAccounts.signUp("owl");
        join(owl, slug);
        Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));

        clock.stopAt(midnight.minus(Duration.ofMinutes(2)));
        submit(owl, slug, predicting(List.of(102)));
        submit(owl, slug, predicting(List.of(104)));
        clock.stopAt(midnight.minus(Duration.ofMinutes(1)));
        upload(owl, slug, "late.csv", predicting(List.of(106))).then().statusCode(429)
                .header("Retry-After", "60")
                .body("detail", containsString("all 2 submissions of today (UTC)"))
                .body("detail", containsString("the limit resets at " + midnight + "."));
        owl.given().get("/api/competitions/" + slug).then()
                .body("caller.submissionsLeftToday", equalTo(0))
                .body("caller.limitResetsAt", equalTo(midnight.toString()));

        clock.stopAt(midnight);
        long afterMidnight = submit(owl, slug, predicting(List.of(106)));
        owl.given().get("/api/competitions/" + slug).then()
                .body("caller.submissionsLeftToday", equalTo(1))
                .body("caller.limitResetsAt", equalTo(midnight.plus(Duration.ofDays(1)).toString()));
        owl.given().get("/api/competitions/" + slug + "/submissions/" + afterMidnight).then()
                .body("submission.createdAt", equalTo(midnight.toString()));
    }

    @Test
    void controlCharactersInAFilenameAreRefusedAndNothingIsSubmitted() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account eve = TestAccounts.signUp("eve");
        join(eve, slug);
        Response r = new RawMultipart().file("file", "sub\nmission.csv", predicting(List.of(102)))
                .text("description", "raw line feed").post(eve, "/api/competitions/" + slug + "/submissions");
        assertEquals(400, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("file", r.jsonPath().getString("field"), r.asString());
        assertTrue(r.jsonPath().getString("detail").contains("control character (code 10)"), r.asString());
        eve.given().get("/api/competitions/" + slug + "/submissions").then().body("size()", equalTo(0));
    }
}
