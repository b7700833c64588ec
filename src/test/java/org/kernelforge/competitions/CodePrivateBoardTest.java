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
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CodeCompetitionFixtures.*;

/**
 * A code competition's reruns are scored on the public and the private rows of the hidden test; teams select final
 * submissions, and after the end the private board ranks by the selected ones, else by the best public ones.
 */
@QuarkusTest
class CodePrivateBoardTest {

    /** Predicts Survived = Hint of the hidden test, except the ids in {@code wrong}, where it predicts the opposite. */
    private static String predictor(String slug, List<Integer> wrong) {
        String flipped = wrong.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "import csv\n"
                + "wrong = {" + (wrong.isEmpty() ? "" : flipped) + "}\n"
                + "rows = list(csv.DictReader(open('/kaggle/input/" + slug + "/test.csv')))\n"
                + "with open('/kaggle/working/submission.csv', 'w') as f:\n"
                + "    f.write('PassengerId,Survived\\n')\n"
                + "    for r in rows:\n"
                + "        hint = int(r['Hint'])\n"
                + "        f.write(r['PassengerId'] + ',' + str(1 - hint if int(r['PassengerId']) in wrong else hint) + '\\n')\n";
    }

    private static long submit(Account who, String slug, List<Integer> wrong) {
        return submitted(who, slug, who.username() + "/" + kernel(who, slug, predictor(slug, wrong), false));
    }

    @Test
    void selectedCodeSubmissionsDecideThePrivateBoardElseTheBestPublicOnes() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer, canary(), Map.of("finalSubmissionCount", 1, "dailySubmissionLimit", 5));
        Account ida = TestAccounts.signUp("ida");
        Account jon = TestAccounts.signUp("jon");
        CompetitionFixtures.join(ida, slug);
        CompetitionFixtures.join(jon, slug);
        // public rows 101-106, private rows 107-110 (CompetitionFixtures.SOLUTION)
        long idaAll = submit(ida, slug, List.of());               // public 1, private 1
        long idaPublicOnly = submit(ida, slug, List.of(107, 108)); // public 1, private 0.5
        long jonBestPublic = submit(jon, slug, List.of(109));      // public 1, private 0.75
        long jonBestPrivate = submit(jon, slug, List.of(101));     // public 5/6, private 1
        Map<Long, List<Double>> expected = Map.of(idaAll, List.of(1.0, 1.0), idaPublicOnly, List.of(1.0, 0.5),
                jonBestPublic, List.of(1.0, 0.75), jonBestPrivate, List.of(5.0 / 6, 1.0));
        for (Map.Entry<Long, List<Double>> e : expected.entrySet()) {
            Account who = e.getKey() == idaAll || e.getKey() == idaPublicOnly ? ida : jon;
            Map<String, Object> s = awaitFinal(who, slug, e.getKey(), Duration.ofSeconds(180));
            assertEquals("complete", s.get("status"), s.toString());
            assertEquals(e.getValue().get(0), (Double) s.get("publicScore"), 1e-9, s.toString());
            assertEquals(null, s.get("privateScore"), "private scores wait for the end: " + s);
            organizer.given().get("/api/competitions/" + slug + "/submissions/" + e.getKey()).then().statusCode(200)
                    .body("submission.privateScore", equalTo(e.getValue().get(1).floatValue()));
        }

        // ida selects the one that is worse on the private rows; jon selects nothing
        ida.given().contentType(ContentType.JSON).body(Map.of("selected", true))
                .put("/api/competitions/" + slug + "/submissions/" + idaPublicOnly + "/selected").then().statusCode(200)
                .body("selected", equalTo(true)).body("kernel", equalTo(ida.username() + "/" + kernelOf(ida, slug, idaPublicOnly)));
        ida.given().contentType(ContentType.JSON).body(Map.of("selected", true))
                .put("/api/competitions/" + slug + "/submissions/" + idaAll + "/selected").then().statusCode(409)
                .body("field", equalTo("selected")).body("detail", containsString("unselect one first"));
        jon.given().contentType(ContentType.JSON).body(Map.of("selected", true))
                .put("/api/competitions/" + slug + "/submissions/" + idaAll + "/selected").then().statusCode(404);
        ida.given().get("/api/competitions/" + slug + "/leaderboard?board=private").then().statusCode(403);

        organizer.given().contentType(ContentType.JSON).body(Map.of("endTime", Instant.now().minusSeconds(1).toString()))
                .patch("/api/competitions/" + slug).then().statusCode(204);
        // jon: his best public submission stands (private 0.75); ida: her selected one (private 0.5)
        ida.given().get("/api/competitions/" + slug + "/leaderboard?board=private").then().statusCode(200)
                .body("entries.user", equalTo(List.of(jon.username(), ida.username())))
                .body("entries.score", equalTo(List.of(0.75f, 0.5f)))
                .body("entries.submissionId", equalTo(List.of((int) jonBestPublic, (int) idaPublicOnly)));
        given().get("/api/competitions/" + slug + "/leaderboard?board=public").then().statusCode(200)
                .body("entries.user", equalTo(List.of(ida.username(), jon.username())))
                .body("entries.score", equalTo(List.of(1.0f, 1.0f)));
        ida.given().get("/api/competitions/" + slug + "/submissions/" + idaAll).then()
                .body("submission.privateScore", equalTo(1.0f));
        ida.given().contentType(ContentType.JSON).body(Map.of("selected", false))
                .put("/api/competitions/" + slug + "/submissions/" + idaPublicOnly + "/selected").then().statusCode(409)
                .body("field", equalTo("selected"));
        String page = given().cookie("kf_session", jon.sessionCookie()).get("/competitions/" + slug + "/leaderboard")
                .then().statusCode(200).extract().asString();
        int privateBoard = page.indexOf("id=\"private-board\"");
        assertTrue(privateBoard >= 0, page);
        String board = page.substring(privateBoard);
        assertTrue(board.indexOf(jon.username()) >= 0 && board.indexOf(jon.username()) < board.indexOf(ida.username()),
                "the private board's rows on the page: " + board);
        given().get("/api/competitions/" + slug + "/leaderboard?board=private").then().body("entries[0].team.name",
                equalTo(jon.username())).body("entries[2]", nullValue());
    }

    private static String kernelOf(Account who, String slug, long id) {
        String ref = who.given().get("/api/competitions/" + slug + "/submissions/" + id).then().extract()
                .path("submission.kernel");
        return ref.substring(ref.indexOf('/') + 1);
    }
}
