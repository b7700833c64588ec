package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A notebook from a dataset: three cells, Save & Run All, live status, the plot in the rendered notebook, a fork. */
@QuarkusTest
class NotebookJourneyTest extends BrowserTestBase {

    @Test
    void notebookFromADatasetRunsShowsItsPlotAndCanBeForked() {
        Account ada = TestAccounts.signUp("ada");
        String data = "iris-" + ada.username().substring(4);
        WebFixtures.dataset(ada, data, false);
        AccountJourneyTest.signIn(browser, ada.username());

        browser.open("/datasets/" + ada.username() + "/" + data);
        browser.click("a[href^='/kernels/new?dataset=']");
        browser.type("#f-title", "Plot notebook");
        browser.click("main button[type=submit]");
        browser.waitFor(d -> browser.path().equals("/kernels/" + ada.username() + "/plot-notebook/edit"), PAGE);
        assertTrue(browser.find("#sources").getText().contains(ada.username() + "/" + data), "the dataset is a data source");

        // the run waits for the test's go-ahead, so the page is seen while the version has not finished
        String waiting = "waiting-" + data;
        typeInCode(0, "import os, time\nimport pandas as pd\n"
                + "open('/kaggle/working/" + waiting + "', 'w').close()\n"
                + "deadline = time.time() + 120\n"
                + "while not os.path.exists('/kaggle/working/go') and time.time() < deadline: time.sleep(0.2)\n"
                + "os.remove('/kaggle/working/go'); os.remove('/kaggle/working/" + waiting + "')\n"
                + "print(pd.read_csv('/kaggle/input/" + data + "/train.csv').shape)");
        browser.click("#add-markdown");
        browser.find(".cell.markdown textarea").sendKeys("## A plot of squares");
        browser.click("#add-code");
        // leaving the Markdown cell shows its rendering in place of the text: wait until the cells below have moved
        browser.waitFor(d -> browser.find(".cell.markdown .md-preview").isDisplayed(), PAGE); // rendered by the server
        typeInCode(1, "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()");
        browser.click("#add-code");
        assertEquals(4, cells().size());
        browser.driver.findElements(By.cssSelector(".cell .delete-cell")).get(3).click();
        browser.find(".cell.markdown .move-up").click();
        browser.find(".cell.markdown .move-down").click();
        assertEquals(List.of("Cell 1 · Code", "Cell 2 · Markdown", "Cell 3 · Code"),
                cells().stream().map(c -> c.findElement(By.cssSelector(".kind")).getText()).toList());
        browser.click("#s-private");
        browser.screenshots("notebook-editor");

        browser.click("#save-version");
        browser.click("#save-confirm");
        browser.waitFor(d -> browser.path().equals("/kernels/" + ada.username() + "/plot-notebook/versions/1"), PAGE);
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("window.kfSamePage = 'yes';");
        String first = browser.waitFor(d -> d.findElement(By.id("status")).getAttribute("data-status"), PAGE);
        assertTrue(List.of("queued", "running").contains(first), "the run waits for the go-ahead, yet the page says " + first);
        letTheRunGoOn(waiting);
        try {
            browser.waitFor(d -> "complete".equals(browser.find("#status").getAttribute("data-status")), RUN);
        } catch (TimeoutException e) {
            fail("the page still says " + browser.find("#status").getAttribute("data-status") + " " + RUN + " after the go-ahead; it "
                    + "began with " + first + " (the API says " + ada.given().get("/api/kernels/" + ada.username()
                    + "/plot-notebook/versions/1").path("status") + ")", e);
        }
        assertEquals("yes", js.executeScript("return window.kfSamePage;"), "the status changed from " + first + " without a reload");
        browser.waitFor(d -> browser.find("#history [data-version='1']").getText().equals("complete"), PAGE);
        browser.waitFor(d -> browser.find("#log").getText().contains("(3, 3)"), PAGE);

        browser.driver.switchTo().frame(browser.find("#notebook"));
        // the plot is drawn once its data: image is decoded (it has no size before)
        browser.waitFor(d -> d.findElement(By.cssSelector("img[src^='data:image/png']")).getSize().getWidth() > 100, PAGE);
        browser.driver.switchTo().defaultContent();
        assertTrue(browser.find("#inputs").getText().contains(ada.username() + "/" + data));
        assertTrue(browser.find("#fingerprint").getText().length() > 20);
        assertTrue(browser.find("#download-executed").getAttribute("href").endsWith("/plot-notebook/versions/1/notebook.ipynb"));
        assertTrue(browser.find("#download-version-source").getAttribute("href").endsWith("/plot-notebook/versions/1/source"));
        browser.screenshots("notebook-version");

        Account bob = TestAccounts.signUp("bob");
        AccountJourneyTest.signOut(browser);
        AccountJourneyTest.signIn(browser, bob.username());
        browser.open("/kernels/" + ada.username() + "/plot-notebook");
        browser.click("#copy-edit");
        browser.waitFor(d -> browser.path().equals("/kernels/" + bob.username() + "/plot-notebook/edit"), PAGE);
        assertEquals(3, cells().size());
        assertTrue(browser.find(".cell.markdown textarea").getAttribute("value").contains("A plot of squares"));
        browser.type("#source-search", "plot-notebook");
        browser.click("button.add-source[aria-label='Add " + ada.username() + "/plot-notebook']");
        browser.waitFor(d -> browser.find("#sources").getText().contains("Output of " + ada.username() + "/plot-notebook"),
                PAGE);
        browser.screenshots("notebook-fork");
        browser.open("/kernels?show=mine");
        assertTrue(browser.find("#results").getText().contains("Plot notebook"));
        browser.screenshots("kernel-list");
    }

    @Test
    void scriptQuickSaveAndSettingErrorsBesideTheField() {
        Account ada = TestAccounts.signUp("ada");
        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/kernels/new");
        browser.type("#f-title", "Quick script");
        browser.click("input[name=type][value=script]");
        browser.click("main button[type=submit]");
        WebElement editor = browser.find(".script .CodeMirror");
        new Actions(browser.driver).click(editor.findElement(By.cssSelector(".CodeMirror-lines"))).keyDown(org.openqa.selenium.Keys.CONTROL)
                .sendKeys(org.openqa.selenium.Keys.END).keyUp(org.openqa.selenium.Keys.CONTROL).sendKeys("print('quick')").perform();
        browser.type("#s-title", "x".repeat(101));
        browser.click("#save-version");
        browser.click("input[name=mode][value=quick]");
        browser.click("#save-confirm");
        browser.waitFor(d -> browser.find(".field-error[data-for=title]").isDisplayed(), PAGE);
        assertTrue(browser.find(".field-error[data-for=title]").getText().contains("1 to 100 characters"));
        assertEquals("true", browser.find("#s-title").getAttribute("aria-invalid"));
        browser.screenshots("script-editor-error");

        browser.type("#s-title", "Quick script");
        browser.click("#save-version");
        browser.click("input[name=mode][value=quick]");
        browser.click("#save-confirm");
        browser.waitFor(d -> browser.path().equals("/kernels/" + ada.username() + "/quick-script/versions/1"), PAGE);
        assertTrue(browser.find("#status").getText().contains("Quick Save"));
        String source = io.restassured.RestAssured.given().cookie("kf_session", ada.sessionCookie())
                .get("/api/kernels/" + ada.username() + "/quick-script/versions/1/source").asString();
        assertTrue(source.contains("os.walk('/kaggle/input')") && source.endsWith("\nprint('quick')"),
                "the push carries the editor's text, the starter that lists the inputs and the line typed: " + source);
    }

    @Test
    void privateDatasetAndKernelOfAnotherUserAreNotFound() {
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        WebFixtures.dataset(ada, "private-data", true);
        WebFixtures.script(ada, "private-kernel", true, "quick");
        AccountJourneyTest.signIn(browser, bob.username());
        browser.open("/datasets/" + ada.username() + "/private-data");
        assertEquals("Not found", browser.find("h1").getText());
        browser.screenshots("not-found");
        browser.open("/kernels/" + ada.username() + "/private-kernel");
        assertEquals("Not found", browser.find("h1").getText());
        browser.open("/kernels?show=public");
        assertTrue(!browser.find("#results").getText().contains("private-kernel"));
    }

    /** Waits for the kernel to say it waits (a file in its working directory), then lets it go on. */
    private static void letTheRunGoOn(String waitingFile) {
        Path runs = Path.of(ConfigProvider.getConfig().getValue("kernelforge.data-dir", String.class)).resolve("runs");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> found = Files.find(runs, 6, (p, a) -> p.getFileName().toString().equals(waitingFile))) {
                Optional<Path> waiting = found.findFirst();
                if (waiting.isPresent()) {
                    Files.createFile(waiting.get().resolveSibling("go"));
                    return;
                }
            } catch (IOException | UncheckedIOException walkRacedWithAnotherRun) {
                // a folder went away while it was searched: look again
            }
            sleep(200);
        }
        fail("the kernel did not start waiting within 120 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<WebElement> cells() {
        return browser.driver.findElements(By.cssSelector("#cells .cell"));
    }

    /** Types at the end of the code cell (a new notebook's first cell holds the starter code). */
    private void typeInCode(int index, String text) {
        WebElement editor = browser.waitFor(d -> d.findElements(By.cssSelector(".cell.code .CodeMirror")).get(index), PAGE);
        new Actions(browser.driver).click(editor.findElement(By.cssSelector(".CodeMirror-lines")))
                .keyDown(org.openqa.selenium.Keys.CONTROL).sendKeys(org.openqa.selenium.Keys.END).keyUp(org.openqa.selenium.Keys.CONTROL)
                .sendKeys(text).perform();
    }
}
