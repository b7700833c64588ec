package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.competitions.CompetitionFixtures;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A competition as a competitor meets it in the browser: not open before its solution is in, the organizers'
 * checklist, the data of a private dataset through the competition's own tab, and a Submit page that offers only
 * kernels reading the competition.
 */
@QuarkusTest
class CompetitorViewBrowserTest extends BrowserTestBase {

    @Test
    void aCompetitionOnAPrivateDatasetWithoutItsSolutionIsNotOpenAndItsDataIsOnItsOwnTab() {
        Account organizer = TestAccounts.organizer("org");
        String slug = competitionOnPrivateData(organizer);

        // the organizer sees what is missing, with a way to fix it
        AccountJourneyTest.signIn(browser, organizer.username());
        browser.open("/competitions/" + slug);
        assertEquals("preparing", browser.find("#comp-state").getText());
        WebElement solutionStep = browser.find("#setup-checklist li[data-item=solution]");
        assertEquals("todo", solutionStep.getAttribute("class"));
        assertTrue(solutionStep.getText().contains("Upload the solution"), solutionStep.getText());
        assertEquals("done", browser.find("#setup-checklist li[data-item=data]").getAttribute("class"));
        assertEquals(0L, browser.horizontalOverflow());
        browser.screenshots("competition-setup-checklist");
        browser.click("#setup-checklist li[data-item=solution] a");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/edit"), PAGE);
        assertEquals("todo", browser.find("#setup-checklist li[data-item=solution]").getAttribute("class"));
        AccountJourneyTest.signOut(browser);

        // a competitor: not among the active ones, not open, and no upload form after joining
        Account eve = TestAccounts.signUp("eve");
        AccountJourneyTest.signIn(browser, eve.username());
        browser.open("/competitions");
        assertTrue(browser.driver.findElements(By.cssSelector("#list-active a[href='/competitions/" + slug + "']")).isEmpty());
        assertTrue(browser.find("#list-preparing").getText().contains("not open for submissions yet"));
        browser.click("#list-preparing a[href='/competitions/" + slug + "']");
        assertTrue(browser.find("#not-open").getText().contains("have not uploaded the solution"), browser.find("#not-open").getText());
        assertTrue(browser.driver.findElements(By.id("setup-checklist")).isEmpty(), "the checklist is for organizers");
        browser.screenshots("competition-not-open");

        // the data link leads to the competition's data tab, which shows the private dataset's files
        browser.click("#data-link");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/data"), PAGE);
        assertTrue(browser.textContaining("#data-files", "test.csv").contains("test.csv"));
        assertTrue(browser.find("#csv-preview").getText().contains("PassengerId"));
        assertTrue(browser.driver.findElements(By.id("dataset-link")).isEmpty(), "no link to a dataset eve cannot open");
        browser.screenshots("competition-private-data");

        browser.click("a.tab[href$='/submit']");
        browser.click("#accept-rules");
        browser.click("#join");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/submit"), PAGE);
        assertTrue(browser.find("#not-open").getText().contains("not open for submissions yet"));
        assertTrue(browser.driver.findElements(By.id("upload-form")).isEmpty());

        // once the solution is in, it opens
        WebCompetitions.solution(organizer, slug, CompetitionFixtures.SOLUTION);
        browser.open("/competitions");
        browser.click("#list-active a[href='/competitions/" + slug + "']");
        assertEquals("active", browser.find("#comp-state").getText());
        assertTrue(browser.driver.findElements(By.id("not-open")).isEmpty());
        browser.open("/competitions/" + slug + "/submit");
        assertTrue(browser.find("#upload-form").isDisplayed());
    }

    @Test
    void theSubmitPageOffersOnlyKernelVersionsThatReadTheCompetitionNewestFirst() {
        Account organizer = TestAccounts.organizer("org");
        String slug = competitionOnPrivateData(organizer);
        WebCompetitions.solution(organizer, slug, CompetitionFixtures.SOLUTION);
        Account eve = TestAccounts.signUp("eve");
        eve.given().post("/api/competitions/" + slug + "/join").then().statusCode(200);

        String reader = TestAccounts.uniqueName("reads").toLowerCase();
        String other = TestAccounts.uniqueName("other").toLowerCase();
        String writes = "open('/kaggle/working/submission.csv', 'w').write('PassengerId,Survived\\n101,1\\n')\n";
        push(eve, reader, writes, List.of(slug));
        push(eve, other, writes, List.of());
        WebFixtures.awaitComplete(eve, reader, 1);
        WebFixtures.awaitComplete(eve, other, 1);
        push(eve, reader, writes + "print('second')\n", List.of(slug));
        WebFixtures.awaitComplete(eve, reader, 2);

        AccountJourneyTest.signIn(browser, eve.username());
        browser.open("/competitions/" + slug + "/submit");
        List<String> offered = browser.driver.findElements(By.cssSelector("#k-output option")).stream()
                .map(o -> o.getText().replaceAll(" \\(.*\\)$", "")).toList();
        assertEquals(List.of(eve.username() + "/" + reader + " · version 2 · submission.csv",
                eve.username() + "/" + reader + " · version 1 · submission.csv"), offered);
        assertFalse(browser.find("#kernel-form").getText().contains(other));
        assertEquals(0L, browser.horizontalOverflow());
        browser.screenshots("competition-submit-kernels");
    }

    /** An accuracy competition, open now, on a private dataset of the organizer's; no solution yet. */
    private static String competitionOnPrivateData(Account organizer) {
        Map<String, Object> settings = WebCompetitions.settings(WebCompetitions.dataset(organizer, true));
        settings.put("title", "Not open yet " + settings.get("slug"));
        settings.put("rules", "One account per person.");
        return WebCompetitions.create(organizer, settings);
    }

    private static void push(Account owner, String kernel, String source, List<String> competitions) {
        owner.given().contentType(ContentType.JSON)
                .body(Map.of("title", kernel, "kernel_type", "script", "source", source, "competition_sources", competitions))
                .post("/api/kernels/" + owner.username() + "/" + kernel + "/versions").then().statusCode(202);
    }
}
