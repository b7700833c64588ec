package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.competitions.CodeCompetitionFixtures.*;

/**
 * New hidden data reruns every code submission on it (Kaggle's rescoring), and a rerun that read the replaced data
 * is never scored as one of the new.
 */
@QuarkusTest
class HiddenDataReplacementTest {

    /** The hidden test with every Hint wrong: a kernel that copies Hint scores 0 on it. */
    private static String invertedHiddenTest(String canary) {
        return "PassengerId,Hint,Note\n" + CompetitionFixtures.rows(i -> i + "," + (i % 2 == 0 ? 0 : 1) + "," + canary);
    }

    @Test
    void newHiddenDataRerunsEarlierSubmissionsAndKeepsTheirOldScoresInTheHistory() {
        Account organizer = TestAccounts.organizer("org");
        String canary = canary();
        String slug = ready(organizer, canary, Map.of("dailySubmissionLimit", 5));
        Account competitor = TestAccounts.signUp("rescored");
        CompetitionFixtures.join(competitor, slug);
        long good = submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, hintReader(slug), false));
        long failing = submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug,
                "raise SystemExit(2)\n", false));
        Map<String, Object> first = awaitFinal(competitor, slug, good, Duration.ofSeconds(180));
        assertEquals(1.0, first.get("publicScore"), first.toString());
        assertEquals(1, ((Number) first.get("hiddenDataRevision")).intValue(), first.toString());
        assertEquals("error", awaitFinal(competitor, slug, failing, Duration.ofSeconds(180)).get("status"));
        organizer.given().get("/api/competitions/" + slug + "/hidden-data").then().statusCode(200)
                .body("revision", equalTo(1)).body("rerunning", equalTo(0));

        putHiddenData(organizer, slug, Map.of("test.csv", invertedHiddenTest(canary))).then().statusCode(204);
        // queued again at once, both the scored one and the failed one; the organizers see them rerunning
        for (long id : List.of(good, failing)) {
            String status = competitor.given().get("/api/competitions/" + slug + "/submissions/" + id).then()
                    .statusCode(200).extract().path("submission.status");
            assertTrue(List.of("queued", "rerunning", "scoring").contains(status), id + " is " + status);
        }
        organizer.given().get("/api/competitions/" + slug + "/hidden-data").then().statusCode(200)
                .body("revision", equalTo(2));
        given().cookie("kf_session", organizer.sessionCookie()).get("/competitions/" + slug + "/edit").then()
                .statusCode(200).body(containsString("id=\"hidden-reruns\""), containsString("revision 2"),
                        matchesPattern("(?s).*Rerunning [12] submissions? on the hidden data.*"));

        Map<String, Object> second = awaitFinal(competitor, slug, good, Duration.ofSeconds(180));
        assertEquals("complete", second.get("status"), second.toString());
        assertEquals(0.0, second.get("publicScore"), "the competitor sees the score on the new hidden data: " + second);
        assertEquals(2, ((Number) second.get("hiddenDataRevision")).intValue(), second.toString());
        assertEquals("error", awaitFinal(competitor, slug, failing, Duration.ofSeconds(180)).get("status"));
        JsonPath detail = competitor.given().get("/api/competitions/" + slug + "/submissions/" + good).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of(1.0f, 0.0f), detail.getList("history.publicScore"), "the old score stays in the history");
        assertEquals(List.of(1, 2), detail.getList("history.hiddenDataRevision"));
        awaitNoRerun(organizer, slug);
        given().cookie("kf_session", organizer.sessionCookie()).get("/competitions/" + slug + "/edit").then()
                .statusCode(200).body(not(containsString("id=\"hidden-reruns\"")));
        CodeCompetitionTest.assertNoCanary(competitor, slug, good, canary);
    }

    @Test
    void aRerunThatReadReplacedHiddenDataIsRunAgainRatherThanScored() {
        Account organizer = TestAccounts.organizer("org");
        String canary = canary();
        String slug = ready(organizer, canary, Map.of());
        Account competitor = TestAccounts.signUp("slowpoke");
        CompetitionFixtures.join(competitor, slug);
        // reads the test file at once, then takes its time: the PUT lands while it runs on the first revision
        String slow = hintReader(slug).replace("print('NOTE'", "import time\ntime.sleep(6)\nprint('NOTE'");
        long id = submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, slow, false));
        awaitStatus(competitor, slug, id, "rerunning");
        putHiddenData(organizer, slug, Map.of("test.csv", invertedHiddenTest(canary))).then().statusCode(204);

        Map<String, Object> s = awaitFinal(competitor, slug, id, Duration.ofSeconds(180));
        assertEquals("complete", s.get("status"), s.toString());
        assertEquals(0.0, s.get("publicScore"), "scored on the new hidden data, never on the old: " + s);
        assertEquals(2, ((Number) s.get("hiddenDataRevision")).intValue(), s.toString());
        List<Float> history = competitor.given().get("/api/competitions/" + slug + "/submissions/" + id).then()
                .extract().jsonPath().getList("history.publicScore");
        assertEquals(List.of(0.0f), history, "the run on the replaced data was never scored");
        String log = organizer.given().get("/api/competitions/" + slug + "/reruns/" + id + "/log").then().statusCode(200)
                .extract().asString();
        assertTrue(log.contains("NOTE " + canary), log);
    }

    private static void awaitStatus(Account who, String slug, long id, String wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            String status = who.given().get("/api/competitions/" + slug + "/submissions/" + id).then().statusCode(200)
                    .extract().path("submission.status");
            if (wanted.equals(status)) {
                return;
            }
            assertNotEquals("complete", status, "finished before the hidden data could change");
            CompetitionFixtures.sleep(100);
        }
        fail("submission " + id + " never became " + wanted);
    }

    private static void awaitNoRerun(Account organizer, String slug) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            int rerunning = organizer.given().get("/api/competitions/" + slug + "/hidden-data").then().statusCode(200)
                    .extract().path("rerunning");
            if (rerunning == 0) {
                return;
            }
            CompetitionFixtures.sleep(100);
        }
        fail("reruns of '" + slug + "' still in progress");
    }
}
