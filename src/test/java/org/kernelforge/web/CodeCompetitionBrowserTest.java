package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.competitions.CompetitionFixtures;
import org.openqa.selenium.By;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.rows;

/**
 * A code competition in the browser: the organizer's page shows its kind and hidden data, a competitor submits one
 * of their kernel versions from the Submit page and follows its rerun to a score on My Submissions.
 */
@QuarkusTest
class CodeCompetitionBrowserTest extends BrowserTestBase {

    @Test
    void aCompetitorSubmitsAKernelVersionAndSeesItsRerunScored() throws IOException {
        Account organizer = TestAccounts.organizer("org");
        String slug = codeCompetition(organizer);

        AccountJourneyTest.signIn(browser, organizer.username());
        browser.open("/competitions/" + slug + "/edit");
        assertEquals("code", browser.find("#f-kind option[selected]").getAttribute("value"));
        assertTrue(browser.find("#hidden-info").getText().contains("test.csv"), browser.find("#hidden-info").getText());
        browser.screenshots("code-competition-organizer");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('f-kind').scrollIntoView()");
        browser.screenshots("code-competition-organizer-format");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('hidden-h').scrollIntoView()");
        browser.screenshots("code-competition-organizer-hidden");
        AccountJourneyTest.signOut(browser);

        Account ada = TestAccounts.signUp("ada");
        ada.given().post("/api/competitions/" + slug + "/join").then().statusCode(200);
        String kernel = TestAccounts.uniqueName("hint").toLowerCase();
        Map<String, Object> push = new HashMap<>();
        push.put("title", "Hint reader");
        push.put("kernel_type", "script");
        push.put("mode", "quick");
        push.put("competition_sources", List.of(slug));
        push.put("source", "import csv\nrows = list(csv.DictReader(open('/kaggle/input/" + slug + "/test.csv')))\n"
                + "open('/kaggle/working/submission.csv', 'w').write('PassengerId,Survived\\n' + "
                + "''.join(r['PassengerId'] + ',' + r['Hint'] + '\\n' for r in rows))\n");
        ada.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + ada.username() + "/" + kernel + "/versions").then().statusCode(202);

        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/competitions/" + slug + "/submit");
        assertTrue(browser.driver.findElements(By.id("upload-form")).isEmpty(), "a code competition takes no files");
        assertTrue(browser.find("#k-version").getText().contains(ada.username() + "/" + kernel + " · version 1"));
        assertEquals(0L, browser.horizontalOverflow());
        browser.screenshots("code-competition-submit");
        browser.type("#k-description", "hint reader");
        browser.click("#submit-version");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/submissions"), PAGE);
        // the table polls itself: queued, rerunning, scoring, then complete
        browser.waitFor(d -> "complete".equals(d.findElement(By.cssSelector("#submissions tbody tr")).getAttribute("data-status")),
                RUN);
        assertTrue(browser.find("#submissions tbody tr").getText().contains("1.0"), browser.find("#submissions tbody tr").getText());
        browser.screenshots("code-competition-submissions");
        AccountJourneyTest.signOut(browser);

        // the organizers see the rerun among all submissions, with its log
        AccountJourneyTest.signIn(browser, organizer.username());
        browser.open("/competitions/" + slug + "/edit");
        String log = browser.find("#all-submissions a.rerun-log").getAttribute("href");
        assertTrue(log.endsWith("/api/competitions/" + slug + "/reruns/" + browser.find("#all-submissions td.num").getText()
                + "/log"), log);
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('all-h').scrollIntoView()");
        browser.screenshots("code-competition-organizer-reruns");

        // new hidden data from the page (every Hint wrong): the submission is rerun on it, and the page says so
        Path inverted = Files.createTempFile("hidden-", ".zip");
        Files.write(inverted, zip("PassengerId,Hint\n" + rows(i -> i + "," + (i % 2 == 0 ? 0 : 1))));
        browser.find("#f-hidden").sendKeys(inverted.toString());
        browser.click("#upload-hidden");
        browser.waitFor(d -> !d.findElements(By.id("notice")).isEmpty(), PAGE);
        Files.delete(inverted);
        assertTrue(browser.find("#notice").getText().contains("every code submission is rerun"), browser.find("#notice").getText());
        assertTrue(browser.find("#hidden-info").getText().contains("revision 2"), browser.find("#hidden-info").getText());
        assertTrue(browser.find("#hidden-reruns").getText().contains("Rerunning 1 submission "),
                browser.find("#hidden-reruns").getText());
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('hidden-h').scrollIntoView()");
        browser.screenshots("code-competition-organizer-rerunning");
        AccountJourneyTest.signOut(browser);

        // the competitor's submission is scored again on the new data; after the end the private board shows it
        long id = ((Number) ada.given().get("/api/competitions/" + slug + "/submissions").then().extract().path("[0].id")).longValue();
        WebCompetitions.awaitScored(ada, slug, id);
        ada.given().get("/api/competitions/" + slug + "/submissions").then().body("[0].publicScore", org.hamcrest.Matchers.equalTo(0.0f));
        organizer.given().contentType(ContentType.JSON).body(Map.of("endTime", Instant.now().minusSeconds(1).toString()))
                .patch("/api/competitions/" + slug).then().statusCode(204);
        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/competitions/" + slug + "/leaderboard");
        String privateBoard = browser.find("#private-board").getText();
        assertTrue(privateBoard.contains(ada.username()) && privateBoard.contains("0.0"), privateBoard);
        assertEquals(0L, browser.horizontalOverflow());
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('private-board').scrollIntoView()");
        browser.screenshots("code-competition-private-board");
    }

    private static byte[] zip(String testCsv) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("test.csv"));
            out.write(testCsv.getBytes());
            out.closeEntry();
        }
        return zip.toByteArray();
    }

    /** Public test.csv with Hint 0; the hidden test.csv's Hint is the answer. */
    private static String codeCompetition(Account organizer) throws IOException {
        String data = WebCompetitions.dataset(organizer, false, Map.of("test.csv", "PassengerId,Hint\n" + rows(i -> i + ",0")));
        Map<String, Object> settings = WebCompetitions.settings(data);
        settings.put("kind", "code");
        settings.put("codeRun", Map.of("timeoutSeconds", 60, "memory", "512M"));
        String slug = WebCompetitions.create(organizer, settings);
        WebCompetitions.solution(organizer, slug, CompetitionFixtures.SOLUTION);
        organizer.given().contentType("application/zip").body(zip("PassengerId,Hint\n" + rows(i -> i + "," + (i % 2 == 0 ? 1 : 0))))
                .put("/api/competitions/" + slug + "/hidden-data").then().statusCode(204);
        return slug;
    }
}
