package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CodeCompetitionFixtures.*;

/** Code competitions: a kernel version is rerun on the hidden data, scored, and nothing of the hidden data leaks. */
@QuarkusTest
class CodeCompetitionTest {

    @Test
    void theRerunReadsTheHiddenTestAndScoresWhatThePublicRunCouldNot() {
        Account organizer = TestAccounts.organizer("org");
        String canary = canary();
        String slug = ready(organizer, canary, Map.of());
        organizer.given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("kind", equalTo("code")).body("submissionFile", equalTo("submission.csv"))
                .body("codeRun.timeoutSeconds", equalTo(60)).body("codeRun.memory", equalTo("512M"))
                .body("codeRun.gpu", equalTo(false)).body("hiddenData.files[0].path", equalTo("test.csv"))
                .body("scoringReady", equalTo(true));
        Account competitor = TestAccounts.signUp("coder");
        CompetitionFixtures.join(competitor, slug);
        String kernel = kernel(competitor, slug, hintReader(slug), true);
        CompetitionJourneyTest.awaitComplete(competitor, kernel);
        String versionPath = "/api/kernels/" + competitor.username() + "/" + kernel + "/versions/1";
        // the competitor's own run read the public test: Hint 0 everywhere, which scores 0.5 on the public board
        String publicOutput = competitor.given().get(versionPath + "/output/submission.csv").then().statusCode(200)
                .extract().asString();
        assertEquals("PassengerId,Survived\n" + CompetitionFixtures.rows(i -> i + ",0"), publicOutput);

        long id = submitted(competitor, slug, competitor.username() + "/" + kernel);
        Map<String, Object> s = awaitFinal(competitor, slug, id, Duration.ofSeconds(120));
        assertEquals("complete", s.get("status"), s.toString());
        assertEquals(1.0, s.get("publicScore"), "the rerun read the hidden Hint column: " + s);
        assertEquals(competitor.username() + "/" + kernel, s.get("kernel"));
        assertEquals(1, ((Number) s.get("kernelVersion")).intValue());

        // the same version again: a clear 409
        submitVersion(competitor, slug, competitor.username() + "/" + kernel, 1).then().statusCode(409)
                .body("field", equalTo("version")).body("detail", containsString("already submitted this kernel version"));
        // the rerun is no version of the kernel, and left no output or log there
        competitor.given().get("/api/kernels/" + competitor.username() + "/" + kernel).then()
                .statusCode(200).body("versions", hasSize(1));
        String versionLog = competitor.given().get(versionPath + "/log").asString();
        assertTrue(versionLog.contains("NOTE public") && !versionLog.contains(canary), versionLog);
        // the organizers see the rerun's log and file; the competitor neither
        String rerunLog = organizer.given().get("/api/competitions/" + slug + "/reruns/" + id + "/log")
                .then().statusCode(200).extract().asString();
        assertTrue(rerunLog.contains("NOTE " + canary), rerunLog);
        organizer.given().get("/api/competitions/" + slug + "/submissions/" + id + "/file").then().statusCode(200)
                .body(containsString("102,1"));
        competitor.given().get("/api/competitions/" + slug + "/reruns/" + id + "/log").then().statusCode(404);
        competitor.given().get("/api/competitions/" + slug + "/submissions/" + id + "/file").then().statusCode(404);
        assertNoCanary(competitor, slug, id, canary);
    }

    @Test
    void eachRerunFailureHasItsKindAndRevealsNothingOfTheHiddenData() {
        Account organizer = TestAccounts.organizer("org");
        String canary = canary();
        String slug = ready(organizer, canary, Map.of("codeRun", Map.of("timeoutSeconds", 10, "memory", "128M"),
                "dailySubmissionLimit", 10));
        Account competitor = TestAccounts.signUp("failer");
        CompetitionFixtures.join(competitor, slug);
        String read = "import csv\nrows = list(csv.DictReader(open('/kaggle/input/" + slug + "/test.csv')))\n";
        Map<String, String> sources = Map.of(
                "timeout", "import time\ntime.sleep(300)\n",
                "memory", "hog = b'x' * (1024 * 1024 * 1024)\nprint(len(hog))\n",
                "missing-submission", read + "print('done', len(rows))\n",
                "malformed-submission", read + "open('/kaggle/working/submission.csv', 'w').write("
                        + "'PassengerId,Survived\\n' + ''.join(r['Note'] + ',1\\n' for r in rows))\n",
                "exception", read + "raise ValueError('hidden note ' + rows[0]['Note'])\n");
        Map<String, Long> ids = new java.util.HashMap<>();
        sources.forEach((kind, source) -> {
            String kernel = kernel(competitor, slug, source, false);
            ids.put(kind, submitted(competitor, slug, competitor.username() + "/" + kernel));
        });
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            Map<String, Object> s = awaitFinal(competitor, slug, e.getValue(), Duration.ofSeconds(180));
            assertEquals("error", s.get("status"), e.getKey() + ": " + s);
            assertEquals(Map.of("kind", e.getKey()), s.get("failure"), e.getKey() + ": " + s);
            assertTrue(((String) s.get("error")).startsWith(e.getKey() + ": "), s.toString());
            assertFalse(s.toString().contains(canary), s.toString());
            assertNoCanary(competitor, slug, e.getValue(), canary);
        }
        // the organizers see what happened
        String log = organizer.given().get("/api/competitions/" + slug + "/reruns/" + ids.get("exception") + "/log").then().statusCode(200).extract().asString();
        assertTrue(log.contains("ValueError: hidden note " + canary), log);
        organizer.given().get("/api/competitions/" + slug + "/submissions/" + ids.get("malformed-submission"))
                .then().body("submission.organizerError", containsString(canary));
        // failed reruns do not count against the daily limit
        competitor.given().get("/api/competitions/" + slug).then().body("caller.submissionsLeftToday", equalTo(10));
    }

    @Test
    void codeSubmissionsCountAgainstTheDailyLimitAndFilesAreRefused() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer, canary(), Map.of("dailySubmissionLimit", 2));
        Account competitor = TestAccounts.signUp("limited");
        CompetitionFixtures.join(competitor, slug);
        for (int i = 0; i < 2; i++) {
            submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, hintReader(slug), false));
        }
        submitVersion(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, hintReader(slug), false), 1)
                .then().statusCode(429).body("detail", containsString("all 2 submissions of today"));
        CompetitionFixtures.upload(competitor, slug, "submission.csv", CompetitionFixtures.predicting(List.of()))
                .then().statusCode(400).body("field", equalTo("file")).body("detail", containsString("code competition"));
    }

    @Test
    void aKernelVersionTheSubmitterCannotReadIsNotFound() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer, canary(), Map.of());
        Account owner = TestAccounts.signUp("owner");
        Map<String, Object> push = new java.util.HashMap<>(Map.of("title", "Secret", "kernel_type", "script",
                "source", "print(1)", "mode", "quick", "is_private", true));
        String kernel = TestAccounts.uniqueName("secret").toLowerCase();
        owner.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + owner.username() + "/" + kernel + "/versions").then().statusCode(202);
        Account other = TestAccounts.signUp("thief");
        CompetitionFixtures.join(other, slug);
        submitVersion(other, slug, owner.username() + "/" + kernel, 1).then().statusCode(404);
        other.given().contentType(ContentType.JSON).body(Map.of("version", 1))
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(400).body("field", equalTo("kernel"));
        other.given().contentType(ContentType.JSON).body(Map.of("kernel", owner.username() + "/" + kernel))
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(400).body("field", equalTo("version"));
        other.given().contentType(ContentType.JSON).body(Map.of("kernel", owner.username() + "/" + kernel, "version", 1,
                        "file", "predictions.csv"))
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(400).body("field", equalTo("file"))
                .body("detail", containsString("submission.csv"));
    }

    @Test
    void settingsAndHiddenDataAreValidatedAndHiddenDataIsForOrganizersOnly() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer, canary(), Map.of());
        organizer.given().contentType(ContentType.JSON).body(Map.of("kind", "notebooks"))
                .patch("/api/competitions/" + slug).then().statusCode(400).body("field", equalTo("kind"));
        organizer.given().contentType(ContentType.JSON).body(Map.of("codeRun", Map.of("memory", "lots")))
                .patch("/api/competitions/" + slug).then().statusCode(400).body("field", equalTo("codeRun")).body("detail", containsString("codeRun.memory"));
        organizer.given().contentType(ContentType.JSON).body(Map.of("codeRun", Map.of("memory", "1M")))
                .patch("/api/competitions/" + slug).then().statusCode(400).body("field", equalTo("codeRun")).body("detail", containsString("codeRun.memory"));
        organizer.given().contentType(ContentType.JSON).body(Map.of("codeRun", Map.of("timeoutSeconds", 0)))
                .patch("/api/competitions/" + slug).then().statusCode(400).body("field", equalTo("codeRun")).body("detail", containsString("codeRun.timeoutSeconds"));
        organizer.given().contentType(ContentType.JSON).body(Map.of("submissionFile", "../etc/passwd"))
                .patch("/api/competitions/" + slug).then().statusCode(400).body("field", equalTo("submissionFile"));
        // hidden test ids must be the solution's
        putHiddenData(organizer, slug, Map.of("test.csv", "PassengerId,Hint,Note\n999,1,x\n")).then().statusCode(400)
                .body("field", equalTo("hiddenData")).body("detail", containsString("test.csv"));
        organizer.given().contentType("application/zip").body("not a zip".getBytes())
                .put("/api/competitions/" + slug + "/hidden-data").then().statusCode(400).body("field", equalTo("hiddenData"));
        Account competitor = TestAccounts.signUp("nosy");
        CompetitionFixtures.join(competitor, slug);
        competitor.given().get("/api/competitions/" + slug + "/hidden-data").then().statusCode(404);
        given().get("/api/competitions/" + slug + "/hidden-data").then().statusCode(404);
        putHiddenData(competitor, slug, Map.of("test.csv", "x")).then().statusCode(403);
        competitor.given().get("/api/competitions/" + slug).then().body("hiddenData", nullValue())
                .body("codeRun.memory", equalTo("512M"));
        // a file competition takes no codeRun and no hidden data
        String fileSlug = CompetitionFixtures.ready(organizer);
        organizer.given().contentType(ContentType.JSON).body(Map.of("codeRun", Map.of("timeoutSeconds", 60)))
                .patch("/api/competitions/" + fileSlug).then().statusCode(400).body("field", equalTo("codeRun"));
        putHiddenData(organizer, fileSlug, Map.of("test.csv", "x")).then().statusCode(409);
    }

    @Test
    void aCompetitorsOwnCommitFindsTheHiddenDataNowhere() {
        Account organizer = TestAccounts.organizer("org");
        String canary = canary();
        String slug = ready(organizer, canary, Map.of());
        Account competitor = TestAccounts.signUp("peek");
        CompetitionFixtures.join(competitor, slug);
        String source = "import os\n"
                + "marker = '" + canary.substring(0, 6) + "' + '" + canary.substring(6) + "'\n"
                + "found = []\n"
                + "for top in ['/kaggle', '/input', '/tmp', '/var', '/srv', '/opt', '/home']:\n"
                + "    for root, dirs, files in os.walk(top):\n"
                + "        for name in files:\n"
                + "            p = os.path.join(root, name)\n"
                + "            try:\n"
                + "                if marker in open(p, errors='ignore').read(1000000): found.append(p)\n"
                + "            except Exception: pass\n"
                + "print('INPUT', sorted(os.listdir('/kaggle/input/" + slug + "')))\n"
                + "print('FOUND', [p for p in found if not p.startswith('/kaggle/src')])\n";
        String kernel = kernel(competitor, slug, source, true);
        CompetitionJourneyTest.awaitComplete(competitor, kernel);
        String log = competitor.given().get("/api/kernels/" + competitor.username() + "/" + kernel + "/versions/1/log")
                .asString();
        assertTrue(log.contains("INPUT ['test.csv', 'train.csv']"), log);
        assertTrue(log.contains("FOUND []"), log);
    }

    /** No route a competitor can call shows the canary of the hidden test. */
    static void assertNoCanary(Account competitor, String slug, long submissionId, String canary) {
        for (String path : List.of("/api/competitions/" + slug, "/api/competitions/" + slug + "/submissions",
                "/api/competitions/" + slug + "/submissions/" + submissionId, "/api/competitions/" + slug + "/data",
                "/api/competitions/" + slug + "/leaderboard", "/api/competitions/" + slug + "/leaderboard.csv",
                "/competitions/" + slug, "/competitions/" + slug + "/submissions",
                "/competitions/" + slug + "/data", "/competitions/" + slug + "/leaderboard")) {
            String body = competitor.given().get(path).asString();
            assertFalse(body.contains(canary), path + " shows the hidden data: " + body);
        }
        competitor.given().get("/api/competitions/" + slug + "/data/test.csv").then().body(not(containsString(canary)));
    }
}
