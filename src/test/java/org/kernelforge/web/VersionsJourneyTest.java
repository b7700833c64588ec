package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions and sharing in a real browser: the version list, visibility, deletes, signed-out visitors, column statistics. */
@QuarkusTest
class VersionsJourneyTest extends BrowserTestBase {

    @Test
    void versionsAreListedNewestFirstWithTheirNameRunTimeAndQuickSavesAsSaved() throws InterruptedException {
        Account ada = TestAccounts.signUp("vhist");
        String slug = "history-" + ada.username().substring(4);
        push(ada, slug, "print('first')", "run", "Baseline");
        WebFixtures.awaitComplete(ada, slug, 1);
        push(ada, slug, "print('second')", "quick", "Tidied up");

        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/kernels/" + ada.username() + "/" + slug + "/versions/1");
        List<WebElement> entries = browser.find("#history").findElements(By.cssSelector("li"));
        assertEquals(List.of("2", "1"), entries.stream().map(e -> e.getAttribute("data-history")).toList(), "newest first");
        String quick = entries.get(0).getText();
        assertTrue(quick.contains("Tidied up") && quick.contains("saved") && !quick.contains("complete"), quick);
        String run = entries.get(1).getText();
        assertTrue(run.contains("Baseline") && run.contains("complete"), run);
        assertTrue(run.matches("(?s).*ran \\d+ s.*"), "the run time is shown: " + run);
        assertEquals("Baseline", browser.find("#version-name").getText());
        String node = browser.find("#version-node").getText();
        assertTrue(node.matches("(?s)Ran on\\s+\\S+"), "the node that ran it is shown: " + node);
        show("#version-node");
        browser.screenshots("version-node");
        show("#history");
        browser.screenshots("version-history");

        browser.open("/kernels?show=mine");
        assertTrue(browser.find("#results").getText().contains("version 2 · saved"), browser.find("#results").getText());
    }

    @Test
    void signedOutVisitorsAreAskedToSignInToCopyAndEdit() {
        Account ada = TestAccounts.signUp("vsout");
        String slug = "public-" + ada.username().substring(4);
        WebFixtures.script(ada, slug, false, "quick");
        browser.open("/kernels/" + ada.username() + "/" + slug);
        WebElement link = browser.find("#signin-to-copy");
        assertEquals("Sign in to copy and edit", link.getText());
        assertTrue(browser.driver.findElements(By.cssSelector("#copy-edit")).isEmpty());
        browser.screenshots("version-signed-out");
        link.click();
        browser.waitFor(d -> browser.path().equals("/signin"), PAGE);
        browser.type("#f-username", ada.username());
        browser.type("#f-password", TestAccounts.PASSWORD);
        browser.click("main button[type=submit]");
        browser.waitFor(d -> browser.path().equals("/kernels/" + ada.username() + "/" + slug), PAGE);
        assertFalse(browser.driver.findElements(By.cssSelector("#copy-edit")).isEmpty(), "back on the page, signed in");
    }

    @Test
    void theOwnerSwitchesVisibilityAndDeletesAfterConfirming() {
        Account ada = TestAccounts.signUp("vdel");
        String data = "mounted-" + ada.username().substring(4);
        WebFixtures.dataset(ada, data, false);
        String slug = "doomed-" + ada.username().substring(4);
        ada.given().contentType(ContentType.JSON).body(Map.of("title", "Doomed", "kernel_type", "script", "source", "print(1)",
                        "is_private", false, "mode", "quick", "dataset_sources", List.of(ada.username() + "/" + data)))
                .post("/api/kernels/" + ada.username() + "/" + slug + "/versions").then().statusCode(202);

        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/kernels/" + ada.username() + "/" + slug);
        assertEquals("public", browser.find("#visibility-state").getText());
        browser.click("#toggle-visibility");
        browser.waitFor(d -> browser.find("#visibility-state").getText().equals("private"), PAGE);
        ada.given().get("/api/kernels/" + ada.username() + "/" + slug).then().body("versions.size()", org.hamcrest.Matchers.equalTo(1));

        // the dataset is mounted by the kernel: its delete is refused with the reason
        browser.open("/datasets/" + ada.username() + "/" + data);
        assertFalse(browser.find("#confirm-delete").isDisplayed(), "the delete button waits behind its confirmation");
        browser.click("#delete-dataset summary");
        browser.click("#confirm-delete");
        String refusal = browser.textContaining(".error-detail", "cannot be deleted");
        assertTrue(refusal.contains("kernel " + ada.username() + "/" + slug + " version 1"), refusal);

        browser.open("/kernels/" + ada.username() + "/" + slug);
        assertFalse(browser.find("#confirm-delete").isDisplayed());
        browser.click("#delete-kernel summary");
        show("#delete-kernel");
        browser.screenshots("kernel-delete-confirmation");
        browser.click("#confirm-delete");
        browser.waitFor(d -> browser.path().equals("/kernels"), PAGE);
        ada.given().get("/api/kernels/" + ada.username() + "/" + slug).then().statusCode(404);

        browser.open("/datasets/" + ada.username() + "/" + data);
        browser.click("#delete-dataset summary");
        browser.click("#confirm-delete");
        browser.waitFor(d -> browser.path().equals("/datasets"), PAGE);
        ada.given().get("/api/datasets/" + ada.username() + "/" + data).then().statusCode(404);
    }

    @Test
    void theDatasetPageShowsColumnStatisticsBesideThePreview() {
        Account ada = TestAccounts.signUp("vstat");
        String data = "stats-" + ada.username().substring(4);
        String metadata = "{\"title\":\"Data " + data + "\",\"id\":\"" + ada.username() + "/" + data + "\",\"isPrivate\":false,"
                + "\"description\":\"Flowers **measured** by hand.\\n\\n- one\\n- two\"}";
        ada.given().multiPart("metadata", metadata, "application/json")
                .multiPart("file", "iris.csv", (WebFixtures.IRIS + "5.0,,setosa\n").getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        browser.open("/datasets/" + ada.username() + "/" + data);
        assertEquals("measured", browser.find("#description strong").getText(), "the description is Markdown");
        assertEquals(2, browser.driver.findElements(By.cssSelector("#description li")).size());
        List<String> width = browser.find("#column-stats tr[data-column='sepal_width']").findElements(By.cssSelector("th,td"))
                .stream().map(WebElement::getText).toList();
        assertEquals(List.of("sepal_width", "float", "3", "1", "3", "3", "3.5", "3.26667"), width);
        List<String> species = browser.find("#column-stats tr[data-column='species']").findElements(By.cssSelector("th,td"))
                .stream().map(WebElement::getText).toList();
        assertEquals(List.of("species", "string", "4", "0", "2", "", "", ""), species);
        show("#column-stats");
        browser.screenshots("dataset-column-stats");
    }

    @Test
    void theNotebookFrameIsAsTallAsTheNotebookAndShowCellScrollsToIt() {
        Account ada = TestAccounts.signUp("vfrm");
        String slug = "long-" + ada.username().substring(4);
        Map<String, Object> source = Map.of("nbformat", 4, "nbformat_minor", 4, "metadata", Map.of(), "cells", List.of(
                cell("for i in range(150):\n    print('line', i)"),
                cell("raise KeyError('Age')")));
        ada.given().contentType(ContentType.JSON).body(Map.of("title", "Long notebook", "kernel_type", "notebook",
                        "language", "python", "source", source))
                .post("/api/kernels/" + ada.username() + "/" + slug + "/versions").then().statusCode(202);
        String shortSlug = "short-" + ada.username().substring(4);
        ada.given().contentType(ContentType.JSON).body(Map.of("title", "Short notebook", "kernel_type", "notebook",
                        "language", "python", "source", Map.of("nbformat", 4, "nbformat_minor", 4, "metadata", Map.of(),
                                "cells", List.of(cell("print('hi')")))))
                .post("/api/kernels/" + ada.username() + "/" + shortSlug + "/versions").then().statusCode(202);

        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/kernels/" + ada.username() + "/" + slug + "/versions/1");
        WebElement frame = browser.waitFor(d -> {
            List<WebElement> sized = d.findElements(By.cssSelector("#notebook[data-sized]"));
            return sized.isEmpty() ? null : sized.get(0);
        }, RUN);
        assertEquals("allow-scripts", frame.getAttribute("sandbox"));
        // nothing left to scroll inside the frame, once it has its height (its first report may precede the notebook's layout)
        browser.waitFor(d -> leftToScrollInside(frame) <= 4, PAGE);
        int height = frame.getSize().getHeight();
        assertTrue(height > 2000, "the frame holds all 150 lines, not a 640 px window: " + height);

        assertEquals(0L, scrollY());
        browser.click("#failure-cell");
        browser.waitFor(d -> scrollY() > 1500, PAGE);
        browser.screenshots("notebook-frame-show-cell");

        browser.open("/kernels/" + ada.username() + "/" + shortSlug + "/versions/1");
        WebElement small = browser.waitFor(d -> {
            List<WebElement> sized = d.findElements(By.cssSelector("#notebook[data-sized]"));
            return sized.isEmpty() ? null : sized.get(0);
        }, RUN);
        assertTrue(small.getSize().getHeight() < 400, "a short notebook gets a short frame: " + small.getSize().getHeight());
        browser.screenshots("notebook-frame-short");

        ada.given().get("/api/kernels/" + ada.username() + "/" + shortSlug + "/versions/1/notebook.html").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.startsWith("sandbox allow-scripts;"),
                        org.hamcrest.Matchers.containsString("script-src 'sha256-"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("allow-same-origin"))));
    }

    @Test
    void aVersionWaitingForItsOwnersRunningVersionsSaysSo() throws InterruptedException {
        Account ada = TestAccounts.signUp("vwait");
        String slug = "waiting-" + ada.username().substring(6);
        for (int i = 0; i < 3; i++) {
            push(ada, slug, "import time\ntime.sleep(40)", "run", "Sleeper " + (i + 1));
        }
        try {
            Instant deadline = Instant.now().plus(RUN);
            while (!"running".equals(ada.given().get("/api/kernels/" + ada.username() + "/" + slug + "/versions/2").path("status"))) {
                assertTrue(Instant.now().isBefore(deadline), "the second version never started");
                Thread.sleep(300);
            }
            AccountJourneyTest.signIn(browser, ada.username());
            browser.open("/kernels/" + ada.username() + "/" + slug + "/versions/3");
            String status = browser.textContaining("#status", "waiting");
            assertTrue(status.startsWith("Queued: waiting: you already have 2 versions running; "), status);
            show("#status");
            browser.screenshots("version-waiting-for-its-owner");
        } finally {
            for (int n = 1; n <= 3; n++) {
                ada.given().post("/api/kernels/" + ada.username() + "/" + slug + "/versions/" + n + "/cancel");
            }
        }
    }

    private long leftToScrollInside(WebElement frame) {
        browser.driver.switchTo().frame(frame);
        try {
            return ((Number) browser.script("return document.documentElement.scrollHeight - document.documentElement.clientHeight;"))
                    .longValue();
        } finally {
            browser.driver.switchTo().defaultContent();
        }
    }

    /** Scrolls the element to the middle of the window, for the screenshot. */
    private void show(String css) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", browser.find(css));
    }

    private long scrollY() {
        return ((Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("return window.pageYOffset;")).longValue();
    }

    private static Map<String, Object> cell(String source) {
        return Map.of("cell_type", "code", "source", source, "metadata", Map.of(), "outputs", List.of(), "execution_count", 0);
    }

    private static void push(Account owner, String slug, String source, String mode, String name) {
        owner.given().contentType(ContentType.JSON).body(Map.of("title", "History", "kernel_type", "script", "source", source,
                        "mode", mode, "version_name", name, "is_private", false))
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions").then().statusCode(202);
    }
}
