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
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.*;

/** A whole competition through the API, as a new organizer and three new competitors would run it. */
@QuarkusTest
class CompetitionJourneyTest {

    @Test
    void organizerRunsACompetitionAndTheBoardsRankCompetitors() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account ann = TestAccounts.signUp("ann");
        Account bob = TestAccounts.signUp("bob");
        Account cat = TestAccounts.signUp("cat");

        // the description is Markdown, rendered with HTML escaped
        given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("descriptionHtml", containsString("<strong>who survived</strong>"))
                .body("state", equalTo("active")).body("solution", nullValue())
                .body("dataset.mount", equalTo("/kaggle/input/" + slug));
        given().get("/api/competitions/" + slug + "/data").then().statusCode(200)
                .body("path", equalTo(List.of("test.csv", "train.csv")));

        // only joined users may submit
        upload(ann, slug, "s.csv", predicting(List.of())).then().statusCode(403)
                .body("detail", containsString("/api/competitions/" + slug + "/join"));
        for (Account a : List.of(ann, bob, cat)) {
            join(a, slug);
        }
        ann.given().get("/api/competitions").then().statusCode(200)
                .body("find { it.slug == '" + slug + "' }.joined", equalTo(true));

        Map<String, Object> perfect = scored(ann, slug, predicting(List.of(102, 104, 106, 108, 110)));
        assertEquals("complete", perfect.get("status"));
        assertEquals(1.0, ((Number) perfect.get("publicScore")).doubleValue(), 1e-12);
        assertNull(perfect.get("privateScore"), "the private score stays hidden until the end");
        Map<String, Object> good = scored(bob, slug, predicting(List.of(102, 104, 108)));
        assertEquals(5.0 / 6, ((Number) good.get("publicScore")).doubleValue(), 1e-12);
        scored(cat, slug, predicting(List.of()));
        scored(cat, slug, predicting(List.of(102))); // cat's best public: 4/6

        given().get("/api/competitions/" + slug + "/leaderboard?board=public").then().statusCode(200)
                .body("entries.user", equalTo(List.of(ann.username(), bob.username(), cat.username())))
                .body("entries.rank", equalTo(List.of(1, 2, 3)))
                .body("entries[2].submissionCount", equalTo(2))
                .body("entries[2].score", equalTo(4.0f / 6));
        String csv = given().get("/api/competitions/" + slug + "/leaderboard.csv?board=public").then().statusCode(200)
                .extract().asString();
        assertTrue(csv.startsWith("Rank,Team,Members,Score,Submissions,LastSubmittedAt\n1," + ann.username() + "," + ann.username() + ",1.0,1,"), csv);

        // the private board waits for the end, except for organizers
        bob.given().get("/api/competitions/" + slug + "/leaderboard?board=private").then().statusCode(403)
                .body("detail", containsString("revealed when the competition ends"));
        organizer.given().get("/api/competitions/" + slug + "/leaderboard?board=private").then().statusCode(200)
                .body("entries.user", equalTo(List.of(ann.username(), bob.username(), cat.username())));

        organizer.given().contentType(ContentType.JSON)
                .body(Map.of("endTime", Instant.now().minusSeconds(1).toString(),
                        "startTime", Instant.now().minus(Duration.ofDays(1)).toString()))
                .patch("/api/competitions/" + slug).then().statusCode(204);
        bob.given().get("/api/competitions/" + slug + "/leaderboard?board=private").then().statusCode(200)
                .body("entries.user", equalTo(List.of(ann.username(), bob.username(), cat.username())))
                .body("entries.score", equalTo(List.of(1.0f, 0.75f, 0.5f)));
        bob.given().get("/api/competitions/" + slug + "/submissions").then().statusCode(200)
                .body("[0].privateScore", equalTo(0.75f));
        upload(bob, slug, "late.csv", predicting(List.of())).then().statusCode(409)
                .body("detail", containsString("accepts no more submissions"));
    }

    @Test
    void malformedSubmissionsFailWithAMessageNamingTheFault() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account dan = TestAccounts.signUp("dan");
        join(dan, slug);

        String missing = "PassengerId,Survived\n" + rows(i -> i + ",1").lines()
                .filter(l -> !l.startsWith("105,") && !l.startsWith("109,")).map(l -> l + "\n").collect(Collectors.joining());
        assertError(dan, slug, missing, "missing", "105");
        assertError(dan, slug, predicting(List.of()) + "999,1\n", "999");
        assertError(dan, slug, predicting(List.of()) + "102,1\n", "102");
        assertError(dan, slug, predicting(List.of()).replace("PassengerId,Survived", "Id,Survived"), "PassengerId");
        assertError(dan, slug, "", "empty");
        assertError(dan, slug, "PassengerId,Survived\n101,\u0000\u0001\u0002\n", "");

        // failed submissions do not count: all five are still left today
        dan.given().get("/api/competitions/" + slug).then().body("caller.submissionsLeftToday", equalTo(5));
    }

    private static void assertError(Account who, String slug, String csv, String... mentions) {
        Map<String, Object> s = scored(who, slug, csv);
        assertEquals("error", s.get("status"), () -> "expected an error for:\n" + csv);
        String error = (String) s.get("error");
        for (String m : mentions) {
            assertTrue(error.toLowerCase().contains(m.toLowerCase()), () -> "'" + error + "' should mention '" + m + "'");
        }
    }

    @Test
    void competitorSubmitsTheOutputOfAKernelThatReadsTheCompetitionData() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account eve = TestAccounts.signUp("eve");
        join(eve, slug);
        String kernel = TestAccounts.uniqueName("k").toLowerCase();
        String source = "import csv, os\n"
                + "print(sorted(os.listdir('/kaggle/input/" + slug + "')))\n"
                + "rows = list(csv.DictReader(open('/kaggle/input/" + slug + "/test.csv')))\n"
                + "with open('/kaggle/working/submission.csv', 'w') as f:\n"
                + "    f.write('PassengerId,Survived\\n')\n"
                + "    for r in rows:\n"
                + "        f.write(r['PassengerId'] + ',' + ('1' if int(r['PassengerId']) % 2 == 0 else '0') + '\\n')\n";
        eve.given().contentType(ContentType.JSON)
                .body(Map.of("kernel_type", "script", "source", source, "competition_sources", List.of(slug)))
                .post("/api/kernels/" + eve.username() + "/" + kernel + "/versions").then().statusCode(202);
        awaitComplete(eve, kernel);
        eve.given().contentType(ContentType.JSON)
                .body(Map.of("kernel_type", "script", "source", "print(1)", "competition_sources", List.of("no-such-competition")))
                .post("/api/kernels/" + eve.username() + "/" + kernel + "-2/versions").then().statusCode(400)
                .body("field", equalTo("competition_sources")).body("detail", containsString("no-such-competition"));
        eve.given().get("/api/kernels/" + eve.username() + "/" + kernel + "/versions/1").then()
                .body("inputs.ref", hasItems(slug));
        String log = eve.given().get("/api/kernels/" + eve.username() + "/" + kernel + "/versions/1/log").asString();
        assertTrue(log.contains("['test.csv', 'train.csv']"), log);

        // someone else's kernel cannot be submitted
        Account mallory = TestAccounts.signUp("mal");
        join(mallory, slug);
        mallory.given().contentType(ContentType.JSON)
                .body(Map.of("kernel", eve.username() + "/" + kernel, "version", 1, "file", "submission.csv"))
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(400)
                .body("field", equalTo("kernel"));

        long id = ((Number) eve.given().contentType(ContentType.JSON)
                .body(Map.of("kernel", eve.username() + "/" + kernel, "version", 1, "file", "submission.csv",
                        "description", "from my kernel"))
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(202)
                .extract().path("id")).longValue();
        Map<String, Object> s = awaitScored(eve, slug, id);
        assertEquals("complete", s.get("status"), () -> String.valueOf(s.get("error")));
        assertEquals(1.0, ((Number) s.get("publicScore")).doubleValue(), 1e-12);
        assertEquals(eve.username() + "/" + kernel, s.get("kernel"));
        assertEquals(1, ((Number) s.get("kernelVersion")).intValue());
        List<Map<String, Object>> mine = eve.given().get("/api/competitions/" + slug + "/submissions").then()
                .statusCode(200).extract().path("");
        assertEquals(List.of(1), mine.stream().filter(m -> ((Number) m.get("id")).longValue() == id)
                .map(m -> ((Number) m.get("kernelVersion")).intValue()).toList());
        eve.given().contentType(ContentType.JSON)
                .body(Map.of("kernel", eve.username() + "/" + kernel, "version", 1, "file", "nope.csv"))
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(400)
                .body("detail", containsString("no output file 'nope.csv'"));
    }

    static void awaitComplete(Account owner, String kernel) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            String status = owner.given().get("/api/kernels/" + owner.username() + "/" + kernel + "/versions/1")
                    .then().statusCode(200).extract().path("status");
            if (!status.equals("queued") && !status.equals("running")) {
                assertEquals("complete", status, () -> owner.given()
                        .get("/api/kernels/" + owner.username() + "/" + kernel + "/versions/1/log").asString());
                return;
            }
            sleep(200);
        }
        throw new AssertionError("kernel did not finish");
    }

    @Test
    void settingsAreCheckedWithMessagesThatNameTheField() {
        Account organizer = TestAccounts.organizer("org");
        String dataset = dataset(organizer);
        Map<String, Object> s = settings(slug(), dataset);
        s.put("metric", "accuracyy");
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(400)
                .body("field", equalTo("metric")).body("detail", containsString("rmse"));
        s = settings(slug(), dataset);
        s.put("endTime", Instant.now().minus(Duration.ofDays(2)).toString());
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(400)
                .body("field", equalTo("endTime")).body("detail", containsString("must be after the start time"));
        s = settings(slug(), dataset);
        s.put("dailySubmissionLimit", 0);
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("dailySubmissionLimit")).body("detail", equalTo("dailySubmissionLimit must be 1 to 1000"));
        s = settings(slug(), dataset);
        s.remove("title");
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(400)
                .body("field", equalTo("title")).body("detail", equalTo("'title' is required"));
        s = settings(slug(), dataset);
        s.put("targetColumns", List.of("Survived", "usage"));
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(400)
                .body("field", equalTo("targetColumns")).body("detail", containsString("'usage' is not a usable column name"));
        s = settings(slug(), dataset);
        s.put("startTime", "tomorrow");
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(400)
                .body("field", equalTo("startTime")).body("detail", containsString("'tomorrow' is not a time"));
        s = settings(slug(), dataset.replace("/1", "/7"));
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(400)
                .body("field", equalTo("dataset"));
        // a user without the organizer role cannot create competitions
        TestAccounts.signUp("usr").given().contentType(ContentType.JSON).body(settings(slug(), dataset))
                .post("/api/competitions").then().statusCode(403).body("detail", containsString("organizer"));
        // a solution without a Usage column needs a public fraction
        String slug = slug();
        create(organizer, settings(slug, dataset));
        organizer.given().contentType("text/csv").body("PassengerId,Survived\n101,1\n102,0\n")
                .put("/api/competitions/" + slug + "/solution").then().statusCode(400)
                .body("field", equalTo("solution")).body("detail", not(containsString("Exception")));
    }
}
