package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.competitions.CompetitionFixtures.*;

/** Replacing the solution rescores everything and keeps the history; final selections decide the private board. */
@QuarkusTest
class RescoreAndSelectionTest {

    @Test
    void aNewSolutionRescoresEverySubmissionAndKeepsEarlierScores() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account fay = TestAccounts.signUp("fay");
        join(fay, slug);
        long id = submit(fay, slug, predicting(List.of(102, 104, 106, 108, 110)));
        assertEquals(1.0, ((Number) awaitScored(fay, slug, id).get("publicScore")).doubleValue(), 1e-12);

        // the organizer flips the answer of 101: fay's public accuracy becomes 5/6
        putSolution(organizer, slug, SOLUTION.replace("101,0,Public", "101,1,Public"));
        awaitHistory(fay, slug, id, 2);
        fay.given().get("/api/competitions/" + slug + "/submissions/" + id).then()
                .body("history.publicScore", equalTo(List.of(1.0f, 5.0f / 6)))
                .body("submission.publicScore", equalTo(5.0f / 6));

        // a new metric is a new scoring too
        organizer.given().contentType(ContentType.JSON).body(Map.of("metric", "f1"))
                .patch("/api/competitions/" + slug).then().statusCode(204);
        awaitHistory(fay, slug, id, 3);
        fay.given().get("/api/competitions/" + slug + "/submissions/" + id).then()
                .body("history.metric", equalTo(List.of("accuracy", "accuracy", "f1")));
        organizer.given().post("/api/competitions/" + slug + "/rescore").then().statusCode(202)
                .body("submissions", equalTo(1));
        fay.given().post("/api/competitions/" + slug + "/rescore").then().statusCode(403);
    }

    private static void awaitHistory(Account who, String slug, long id, int entries) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            int n = who.given().get("/api/competitions/" + slug + "/submissions/" + id).then().statusCode(200)
                    .extract().path("history.size()");
            if (n >= entries) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("no rescore of submission " + id);
    }

    @Test
    void selectedSubmissionsDecideThePrivateBoardElseTheBestPublicOnes() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        Map<String, Object> settings = settings(slug, dataset(organizer));
        settings.put("finalSubmissionCount", 1);
        create(organizer, settings);
        putSolution(organizer, slug, SOLUTION);
        Account gil = TestAccounts.signUp("gil");
        Account hal = TestAccounts.signUp("hal");
        join(gil, slug);
        join(hal, slug);
        // gil: a: public 6/6, private 2/4 ; b: public 5/6, private 4/4
        long a = submit(gil, slug, predicting(List.of(102, 104, 106)));
        long b = submit(gil, slug, predicting(List.of(102, 104, 108, 110)));
        awaitScored(gil, slug, a);
        awaitScored(gil, slug, b);
        // hal selects nothing: his best public (6/6, private 3/4) stands
        awaitScored(hal, slug, submit(hal, slug, predicting(List.of(102, 104, 106, 108))));

        gil.given().contentType(ContentType.JSON).body(Map.of("selected", true))
                .put("/api/competitions/" + slug + "/submissions/" + b + "/selected").then().statusCode(200)
                .body("selected", equalTo(true));
        gil.given().contentType(ContentType.JSON).body(Map.of("selected", true))
                .put("/api/competitions/" + slug + "/submissions/" + a + "/selected").then().statusCode(409)
                .body("detail", containsString("unselect one first"));
        hal.given().contentType(ContentType.JSON).body(Map.of("selected", true))
                .put("/api/competitions/" + slug + "/submissions/" + a + "/selected").then().statusCode(404);

        organizer.given().get("/api/competitions/" + slug + "/leaderboard?board=private").then().statusCode(200)
                .body("entries.user", equalTo(List.of(gil.username(), hal.username())))
                .body("entries.score", equalTo(List.of(1.0f, 0.75f)));
        organizer.given().get("/api/competitions/" + slug + "/leaderboard?board=public").then()
                .body("entries.score", equalTo(List.of(1.0f, 1.0f)))
                .body("entries.user", equalTo(List.of(gil.username(), hal.username()))); // tie: earlier submission first
    }
}
