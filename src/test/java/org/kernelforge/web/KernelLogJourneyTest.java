package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version page of a failed notebook: the headline names the error and links its cell, the log reads line by line in colour. */
@QuarkusTest
class KernelLogJourneyTest extends BrowserTestBase {

    @Test
    void aFailedNotebookShowsWhereItFailedAndAReadableColouredLog() {
        Account eve = TestAccounts.signUp("eve");
        Map<String, Object> notebook = Map.of("title", "Failing notebook", "kernel_type", "notebook", "language", "python",
                "source", Map.of("nbformat", 4, "nbformat_minor", 4, "metadata", Map.of(), "cells", List.of(
                        code("print('one')\nprint('two')"),
                        code("import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nx = 1\ndf['Age']"))));
        int version = eve.given().contentType("application/json").body(notebook)
                .post("/api/kernels/" + eve.username() + "/failing-notebook/versions")
                .then().statusCode(202).extract().path("version");
        AccountJourneyTest.signIn(browser, eve.username());

        browser.open("/kernels/" + eve.username() + "/failing-notebook/versions/" + version);
        String headline = browser.waitFor(d -> {
            List<WebElement> found = d.findElements(By.id("failure-message"));
            return found.isEmpty() ? null : found.get(0).getText();
        }, RUN);
        assertEquals("KeyError: 'Age' in cell 2 (line 4)", headline);
        assertTrue(browser.find("#failure-cell").getAttribute("href").endsWith("/notebook.html#cell-2"));
        assertEquals("notebook-frame", browser.find("#failure-cell").getAttribute("target"));

        // the log streams in on its own (the failure above comes from the page's status poll): wait for its lines
        List<WebElement> lines = browser.waitFor(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#log .log-line"));
            return rows.size() > 5 ? rows : null;
        }, PAGE);
        assertEquals("one", lines.get(0).findElement(By.className("log-text")).getText(), "each line is a line");
        assertEquals("two", lines.get(1).findElement(By.className("log-text")).getText());
        assertTrue(lines.get(0).findElement(By.className("log-time")).getText().matches("\\d+\\.\\ds"));
        assertTrue(browser.find("#log .stderr").isDisplayed(), "the traceback is told apart as stderr");
        // IPython's red is rendered as colour (a list found at once may be empty while the traceback still streams in)
        browser.waitFor(d -> d.findElements(By.cssSelector("#log .stderr .ansi-fg-1")).stream()
                .anyMatch(e -> e.getText().contains("KeyError")), PAGE);
        String log = browser.find("#log").getText();
        assertTrue(!log.contains("[0;31m") && !log.contains("\u001b"), "no raw escape codes on the page");
        browser.screenshots("failed-notebook-version");
        browser.script("document.getElementById('log').scrollIntoView();");
        browser.screenshots("failed-notebook-log");
    }

    private static Map<String, Object> code(String source) {
        return Map.of("cell_type", "code", "source", source, "metadata", Map.of(), "outputs", List.of(), "execution_count", 0);
    }
}
