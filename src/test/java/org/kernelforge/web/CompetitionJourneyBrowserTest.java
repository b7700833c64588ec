package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.SOLUTION;
import static org.kernelforge.competitions.CompetitionFixtures.TEST_CSV;
import static org.kernelforge.competitions.CompetitionFixtures.TRAIN_CSV;
import static org.kernelforge.competitions.CompetitionFixtures.rows;

/**
 * A whole competition in the browser: an organizer creates it and uploads its solution (a wrong one first); a
 * competitor joins, submits a file and a kernel's output, and finds both scored and themselves on the leaderboard.
 */
@QuarkusTest
class CompetitionJourneyBrowserTest extends BrowserTestBase {

    @Test
    void organizerCreatesACompetitionAndACompetitorSubmitsAFileAndAKernelOutput() {
        Account organizer = TestAccounts.organizer("org");
        String data = WebCompetitions.dataset(organizer, false, Map.of("train.csv", TRAIN_CSV, "test.csv", TEST_CSV));
        String slug = TestAccounts.uniqueName("titanic").toLowerCase();

        // the organizer creates the competition through the pages
        AccountJourneyTest.signIn(browser, organizer.username());
        browser.open("/competitions");
        browser.click("#new-competition");
        browser.type("#f-slug", slug);
        browser.type("#f-title", "Titanic survival");
        browser.type("#f-description", "Predict **who survived** the sinking.");
        browser.type("#f-rules", "One account per person. No hand labelling.");
        browser.type("#f-dataset", data);
        new Select(browser.find("#f-metric")).selectByValue("accuracy");
        browser.type("#f-idColumn", "PassengerId");
        browser.type("#f-targetColumns", "Survived");
        browser.screenshots("competition-new");
        browser.click("#create-competition");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/edit"), PAGE);
        assertTrue(browser.find("#notice").getText().contains("created"));

        // a solution whose ids do not match test.csv: the error is beside the field
        browser.find("#f-solution").sendKeys(WebFixtures.csvFile("bad-solution.csv",
                SOLUTION.replace("110,1,Private", "111,1,Private")).toAbsolutePath().toString());
        browser.click("#upload-solution");
        String error = browser.textContaining("#e-solution", "do not match");
        assertTrue(error.contains("do not match"), error);
        assertTrue(error.contains("111"), error);
        assertEquals("true", browser.find("#f-solution").getAttribute("aria-invalid"));
        browser.screenshots("competition-solution-error");
        browser.find("#f-solution").sendKeys(WebFixtures.csvFile("solution.csv", SOLUTION).toAbsolutePath().toString());
        browser.click("#upload-solution");
        browser.waitFor(d -> browser.find("#solution-info").getText().contains("6 public, 4 private"), PAGE);
        browser.screenshots("competition-organizer");
        AccountJourneyTest.signOut(browser);

        // a competitor signs up, opens the competition and accepts the rules
        Account eve = TestAccounts.signUp("eve");
        AccountJourneyTest.signIn(browser, eve.username());
        browser.open("/competitions");
        browser.screenshots("competition-list");
        browser.click("#list-active a[href='/competitions/" + slug + "']");
        assertTrue(browser.find("#description strong").getText().contains("who survived"), "the description is rendered Markdown");
        assertTrue(browser.find(".facts").getText().contains("/kaggle/input/" + slug));
        assertEquals(0L, browser.horizontalOverflow());
        browser.screenshots("competition-overview");
        browser.click("a.tab[href$='/data']");
        assertTrue(browser.textContaining("#data-files", "test.csv").contains("test.csv"));
        assertTrue(browser.find("#csv-preview").getText().contains("PassengerId"));
        browser.screenshots("competition-data");
        browser.click("a.tab[href$='/submit']");
        assertTrue(browser.textContaining("#rules", "One account per person").contains("One account per person"));
        browser.screenshots("competition-join");
        browser.click("#accept-rules");
        browser.click("#join");
        browser.waitFor(d -> browser.find("#upload-form").isDisplayed(), PAGE);
        assertTrue(browser.find("#quota").getText().contains("5 of 5"));

        // a file upload, scored while the page stays open
        String predictions = "PassengerId,Survived\n" + rows(i -> i + "," + (i == 101 ? 1 : i % 2 == 0 ? 1 : 0));
        browser.find("#f-file").sendKeys(WebFixtures.csvFile("my-predictions.csv", predictions).toAbsolutePath().toString());
        browser.type("#f-description", "first try");
        browser.screenshots("competition-submit");
        browser.click("#submit-upload");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/submissions"), PAGE);
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("window.kfSamePage = 'yes';");
        browser.waitFor(d -> "complete".equals(browser.find("#submissions tbody tr").getAttribute("data-status")), KERNEL);
        assertEquals("yes", js.executeScript("return window.kfSamePage;"), "the score appeared without a reload");
        String score = browser.find("#submissions tbody tr .public-score").getText();
        assertEquals("0.83333", score); // 5 of the 6 public rows right
        browser.screenshots("competition-submissions");

        browser.click("a.tab[href$='/leaderboard']");
        assertTrue(browser.find("#public-board").getText().contains(eve.username()));
        assertTrue(browser.find("#score-chart").isDisplayed());
        assertTrue(browser.find("#private-note").getText().contains("revealed when the competition ends"));
        assertTrue(browser.driver.findElements(By.id("private-board")).isEmpty());
        browser.screenshots("competition-leaderboard");

        // a kernel reading the competition's data writes submission.csv; its version page submits it
        String kernel = TestAccounts.uniqueName("titanic-k").toLowerCase();
        String source = "import pandas as pd\n"
                + "t = pd.read_csv('/kaggle/input/" + slug + "/test.csv')\n"
                + "t['Survived'] = (t['PassengerId'] % 2 == 0).astype(int)\n"
                + "t[['PassengerId', 'Survived']].to_csv('/kaggle/working/submission.csv', index=False)\n";
        eve.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Titanic kernel", "kernel_type", "script", "source", source, "is_private", false,
                        "competition_sources", List.of(slug)))
                .post("/api/kernels/" + eve.username() + "/" + kernel + "/versions").then().statusCode(202);
        browser.open("/kernels/" + eve.username() + "/" + kernel + "/versions/1");
        String state = browser.waitFor(d -> {
            String s = browser.find("#status").getAttribute("data-status");
            return List.of("complete", "error", "cancelled").contains(s) ? s : null;
        }, RUN);
        assertEquals("complete", state, () -> browser.find("#live").getText());
        assertTrue(browser.find("#inputs").getText().contains(slug));
        browser.screenshots("competition-kernel-version");
        browser.open("/competitions/" + slug + "/submit");
        assertTrue(browser.find("#k-output").getText().contains(eve.username() + "/" + kernel + " · version 1 · submission.csv"),
                "the submit page offers the kernel's output");
        browser.driver.navigate().back();
        browser.click(".submit-to-competition");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/submissions"), PAGE);
        browser.waitFor(d -> d.findElements(By.cssSelector("#submissions tbody tr[data-status=complete]")).size() == 2,
                KERNEL);
        WebElement newest = browser.find("#submissions tbody tr");
        assertTrue(newest.getText().contains(eve.username() + "/" + kernel), newest.getText());
        assertEquals("1.00000", newest.findElement(By.cssSelector(".public-score")).getText());

        // final selection, and the code tab lists the public kernel
        newest.findElement(By.cssSelector(".select-final")).click();
        browser.waitFor(d -> browser.find("#submissions tbody tr .select-final").getText().contains("Selected"), PAGE);
        browser.screenshots("competition-submissions-final");
        browser.open("/competitions/" + slug + "/code");
        assertTrue(browser.find("#kernels").getText().contains("Titanic kernel"));
        browser.open("/competitions/" + slug + "/leaderboard");
        assertTrue(browser.find("#public-board").getText().contains("1.00000"));
        assertEquals(0L, browser.horizontalOverflow());
        browser.open("/competitions/no-such-" + Instant.now().toEpochMilli());
        assertEquals("Not found", browser.find("h1").getText());
    }

    @Test
    void newKernelFromTheCodeTabHasTheCompetitionAsADataSource() {
        Account organizer = TestAccounts.organizer("org");
        String slug = WebCompetitions.create(organizer, WebCompetitions.settings(WebCompetitions.dataset(organizer, false)));
        Account eve = TestAccounts.signUp("eve");
        AccountJourneyTest.signIn(browser, eve.username());
        browser.open("/competitions/" + slug + "/code");
        browser.click("#new-kernel");
        browser.type("#f-title", "From the code tab");
        browser.click("input[name=type][value=script]");
        browser.click("main button[type=submit]");
        browser.waitFor(d -> browser.path().equals("/kernels/" + eve.username() + "/from-the-code-tab/edit"), PAGE);
        assertTrue(browser.find("#sources").getText().contains("Competition " + slug), browser.find("#sources").getText());
        browser.click("#save-version");
        browser.click("input[name=mode][value=quick]");
        browser.click("#save-confirm");
        browser.waitFor(d -> browser.path().equals("/kernels/" + eve.username() + "/from-the-code-tab/versions/1"), PAGE);
        eve.given().get("/api/kernels/" + eve.username() + "/from-the-code-tab").then().statusCode(200)
                .body("settings.competition_sources", org.hamcrest.Matchers.contains(slug));
    }
}
