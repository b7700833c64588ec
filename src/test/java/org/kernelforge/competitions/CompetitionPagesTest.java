package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.competitions.CompetitionFixtures.SOLUTION;
import static org.kernelforge.competitions.CompetitionFixtures.join;
import static org.kernelforge.competitions.CompetitionFixtures.predicting;
import static org.kernelforge.competitions.CompetitionFixtures.ready;
import static org.kernelforge.competitions.CompetitionFixtures.scored;

/** The competition pages without a browser: form tokens, who may open the organizer pages, what each page shows. */
@QuarkusTest
class CompetitionPagesTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Test
    void everyCompetitionFormPostIsRefusedWithoutItsToken() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        String cookie = organizer.sessionCookie();
        String created = CompetitionFixtures.slug();
        given().cookie("kf_session", cookie).contentType(ContentType.URLENC).formParam("slug", created)
                .formParam("title", "No token").post("/competitions/new").then().statusCode(403);
        for (String path : List.of("/join", "/submissions/1/selected", "/submit/kernel", "/edit", "/edit/rescore")) {
            given().cookie("kf_session", cookie).contentType(ContentType.URLENC).formParam("title", "Changed")
                    .formParam("selected", "true").post("/competitions/" + slug + path).then().statusCode(403);
        }
        for (String path : List.of("/submit/upload", "/edit/solution", "/edit/scoring-program")) {
            given().cookie("kf_session", cookie).multiPart("file", "x.csv", "PassengerId,Survived\n101,1\n".getBytes(), "text/csv")
                    .post("/competitions/" + slug + path).then().statusCode(403);
        }
        organizer.given().get("/api/competitions/" + created).then().statusCode(404);
        organizer.given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("title", not(containsString("Changed"))).body("solution.rows", org.hamcrest.Matchers.equalTo(10))
                .body("caller.joined", org.hamcrest.Matchers.equalTo(false));
        // with the token, the same post goes through
        String token = token(given().cookie("kf_session", cookie).get("/competitions/" + slug + "/submit").then()
                .statusCode(200).extract().asString());
        given().cookie("kf_session", cookie).redirects().follow(false).contentType(ContentType.URLENC).formParam("csrf", token)
                .post("/competitions/" + slug + "/join").then().statusCode(303)
                .header("Location", containsString("/competitions/" + slug + "/submit"));
        organizer.given().get("/api/competitions/" + slug).then().body("caller.joined", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void organizerPagesAreForbiddenToCompetitorsAndUnknownCompetitionsAreNotFound() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account eve = TestAccounts.signUp("eve");
        for (String path : List.of("/competitions/new", "/competitions/" + slug + "/edit")) {
            given().cookie("kf_session", eve.sessionCookie()).get(path).then().statusCode(403)
                    .contentType(containsString("text/html"));
            given().redirects().follow(false).get(path).then().statusCode(303)
                    .header("Location", containsString("/signin"));
        }
        given().cookie("kf_session", eve.sessionCookie()).get("/competitions").then().statusCode(200)
                .body(containsString("/competitions/" + slug + "\""), not(containsString("New competition")));
        given().cookie("kf_session", organizer.sessionCookie()).get("/competitions").then().statusCode(200)
                .body(containsString("New competition"));
        given().cookie("kf_session", organizer.sessionCookie()).get("/competitions/" + slug + "/edit").then().statusCode(200)
                .body(containsString("10 rows: 6 public, 4 private"));
        for (String tab : List.of("", "/data", "/code", "/leaderboard", "/submissions", "/submit", "/edit")) {
            given().cookie("kf_session", eve.sessionCookie()).get("/competitions/no-such-competition" + tab).then()
                    .statusCode(404).contentType(containsString("text/html")).body(containsString("Not found"));
        }
    }

    @Test
    void thePrivateBoardIsHiddenOnThePageUntilTheEnd() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account eve = TestAccounts.signUp("eve");
        join(eve, slug);
        assertEquals("complete", scored(eve, slug, predicting(List.of(102, 104, 106, 108, 110))).get("status"));
        given().cookie("kf_session", eve.sessionCookie()).get("/competitions/" + slug + "/leaderboard").then().statusCode(200)
                .body(containsString("id=\"public-board\""), containsString(eve.username()), containsString("id=\"score-chart\""),
                        not(containsString("id=\"private-board\"")), containsString("revealed when the competition ends"));
        given().get("/competitions/" + slug + "/leaderboard").then().statusCode(200)
                .body(not(containsString("id=\"private-board\"")));
        given().cookie("kf_session", organizer.sessionCookie()).get("/competitions/" + slug + "/leaderboard").then()
                .statusCode(200).body(containsString("id=\"private-board\""));
        organizer.given().contentType(ContentType.JSON).body(Map.of("endTime", Instant.now().minusSeconds(1).toString()))
                .patch("/api/competitions/" + slug).then().statusCode(204);
        given().cookie("kf_session", eve.sessionCookie()).get("/competitions/" + slug + "/leaderboard").then().statusCode(200)
                .body(containsString("id=\"private-board\""), not(containsString("revealed when the competition ends")));
    }

    @Test
    void theSolutionAppearsOnNoPage() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account eve = TestAccounts.signUp("eve");
        join(eve, slug);
        scored(eve, slug, predicting(List.of(102)));
        for (Account who : List.of(eve, organizer)) {
            for (String tab : List.of("", "/data", "/code", "/leaderboard", "/submissions", "/submit")) {
                String html = given().cookie("kf_session", who.sessionCookie()).get("/competitions/" + slug + tab)
                        .then().statusCode(200).extract().asString();
                for (String line : SOLUTION.split("\n")) {
                    assert !html.contains(line) : tab + " shows a solution line " + line;
                }
                assert !html.contains(">Private</td>") && !html.contains("/solution\"") : tab + " shows the solution";
            }
        }
        String edit = given().cookie("kf_session", organizer.sessionCookie()).get("/competitions/" + slug + "/edit")
                .then().statusCode(200).extract().asString();
        assert !edit.contains("107,0,Private") && !edit.contains("/api/competitions/" + slug + "/solution") : "the edit page links no solution";
    }

    @Test
    void settingsAreSavedFromTheEditPageAndRefusalsShowBesideTheField() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        String cookie = organizer.sessionCookie();
        String token = token(given().cookie("kf_session", cookie).get("/competitions/" + slug + "/edit").then()
                .statusCode(200).extract().asString());
        given().cookie("kf_session", cookie).contentType(ContentType.URLENC).formParam("csrf", token).formParam("slug", slug)
                .formParam("title", "Renamed").formParam("startTime", "2030-01-02T00:00").formParam("endTime", "2030-01-01T00:00")
                .post("/competitions/" + slug + "/edit").then().statusCode(400)
                .body(containsString("id=\"e-endTime\" data-for=\"endTime\" role=\"alert\">The end time"),
                        containsString("value=\"Renamed\""));
        organizer.given().get("/api/competitions/" + slug).then().body("title", not(containsString("Renamed")));
        given().cookie("kf_session", cookie).contentType(ContentType.URLENC).formParam("csrf", token).formParam("slug", slug)
                .formParam("title", "Renamed").formParam("dailySubmissionLimit", "0")
                .post("/competitions/" + slug + "/edit").then().statusCode(400)
                .body(containsString("id=\"e-dailySubmissionLimit\" data-for=\"dailySubmissionLimit\" role=\"alert\">"
                        + "dailySubmissionLimit must be 1 to 1000<"), containsString("value=\"Renamed\""));
        given().cookie("kf_session", cookie).redirects().follow(false).contentType(ContentType.URLENC).formParam("csrf", token)
                .formParam("slug", slug).formParam("title", "Renamed").formParam("dailySubmissionLimit", "1")
                .post("/competitions/" + slug + "/edit").then().statusCode(303)
                .header("Location", containsString("/competitions/" + slug + "/edit?notice=saved"));
        organizer.given().get("/api/competitions/" + slug).then().body("title", org.hamcrest.Matchers.equalTo("Renamed"))
                .body("dailySubmissionLimit", org.hamcrest.Matchers.equalTo(1));
        given().cookie("kf_session", cookie).redirects().follow(false).contentType(ContentType.URLENC).formParam("csrf", token)
                .post("/competitions/" + slug + "/edit/rescore").then().statusCode(303)
                .header("Location", containsString("notice=rescore"));
    }

    @Test
    void aSubmissionOverTheDailyLimitIsRefusedBesideTheFormWithTheResetTime() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        organizer.given().contentType(ContentType.JSON).body(Map.of("dailySubmissionLimit", 1))
                .patch("/api/competitions/" + slug).then().statusCode(204);
        Account eve = TestAccounts.signUp("eve");
        join(eve, slug);
        String token = token(given().cookie("kf_session", eve.sessionCookie()).get("/competitions/" + slug + "/submit")
                .then().statusCode(200).body(containsString("1 of 1 submissions left today")).extract().asString());
        given().cookie("kf_session", eve.sessionCookie()).redirects().follow(false).multiPart("csrf", token)
                .multiPart("description", "first").multiPart("file", "p.csv", predicting(List.of(102)).getBytes(), "text/csv")
                .post("/competitions/" + slug + "/submit/upload").then().statusCode(303)
                .header("Location", containsString("/competitions/" + slug + "/submissions"));
        given().cookie("kf_session", eve.sessionCookie()).multiPart("csrf", token)
                .multiPart("file", "p.csv", predicting(List.of(104)).getBytes(), "text/csv")
                .post("/competitions/" + slug + "/submit/upload").then().statusCode(429)
                .body(containsString("id=\"upload-error\" data-for=\"_upload\" role=\"alert\">You have used all 1 submissions"),
                        containsString("the limit resets at"));
        given().cookie("kf_session", eve.sessionCookie()).get("/competitions/" + slug + "/submissions").then().statusCode(200)
                .body(containsString("first"));
        eve.given().get("/api/competitions/" + slug + "/submissions").then().body("size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aCustomCompetitionTakesItsScoringProgramFromThePage() {
        Account organizer = TestAccounts.organizer("org");
        String slug = CompetitionFixtures.slug();
        Map<String, Object> settings = CompetitionFixtures.settings(slug, CompetitionFixtures.dataset(organizer));
        settings.put("metric", "custom");
        settings.put("scoringDirection", "maximize");
        CompetitionFixtures.create(organizer, settings);
        String cookie = organizer.sessionCookie();
        String page = given().cookie("kf_session", cookie).get("/competitions/" + slug + "/edit").then().statusCode(200)
                .body(containsString("id=\"program-form\"")).extract().asString();
        given().cookie("kf_session", cookie).multiPart("csrf", token(page)).multiPart("file", "score.py", new byte[0], "text/x-python")
                .post("/competitions/" + slug + "/edit/scoring-program").then().statusCode(400)
                .body(containsString("data-for=\"program\" role=\"alert\">The scoring program is empty"));
        given().cookie("kf_session", cookie).redirects().follow(false).multiPart("csrf", token(page))
                .multiPart("file", "score.py", "print('{\"public\": 1, \"private\": 1}')\n".getBytes(), "text/x-python")
                .post("/competitions/" + slug + "/edit/scoring-program").then().statusCode(303)
                .header("Location", containsString("notice=program"));
        organizer.given().get("/api/competitions/" + slug).then().body("metric", org.hamcrest.Matchers.equalTo("custom"));
    }

    static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form token in the page");
        }
        return m.group(1);
    }
}
