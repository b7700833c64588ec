package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live session in the editor, as a new user works with it in Chromium: start, run cells one by one (Shift+Enter),
 * see text, a plot, a DataFrame table, a coloured traceback and input() under the cells; interrupt, restart, reload.
 */
@QuarkusTest
class SessionEditorJourneyTest extends SessionEditorTestBase {

    @Test
    void aNotebookRunsCellByCellInALiveSessionThatSurvivesAReload() {
        Account ada = user("ada");
        String data = "iris-" + ada.username().substring(4);
        WebFixtures.dataset(ada, data, false);
        notebook(ada, "live-notebook", data);
        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/kernels/" + ada.username() + "/live-notebook/edit");
        awaitState("off");

        browser.click("#session-start");
        awaitState("idle");
        assertTrue(browser.find("#session-stop").isDisplayed());
        browser.waitFor(d -> browser.find("#session-facts").getText().matches("(?s).*Memory \\d+ MB.*min left.*"), KERNEL);

        // Shift+Enter runs the cell and goes on to the next (added after the last)
        setCode(0, "x = 41");
        shiftEnterIn(0);
        browser.waitFor(d -> cells().size() == 2 && prompt(0).equals("[1]"), KERNEL);
        setCode(1, "print(x + 1)");
        shiftEnterIn(1);
        browser.waitFor(d -> outputText(1).equals("42") && prompt(1).equals("[2]"), KERNEL);
        assertEquals(3, cells().size(), "Shift+Enter in the last cell added an empty one");

        setCode(2, "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()");
        run(2);
        awaitImage(2);

        addCode("import pandas as pd\ndf = pd.read_csv('/kaggle/input/" + data + "/train.csv')\ndf");
        run(3);
        WebElement frame = browser.waitFor(d -> cells().get(3).findElement(By.cssSelector(".outputs iframe.output-html[data-sized]")), KERNEL);
        assertEquals("allow-scripts", frame.getAttribute("sandbox"), "kernel HTML runs in an opaque origin");
        String table = htmlOutput(3, "virginica");
        assertTrue(table.contains("sepal_length"), "the dataset as a table: " + table);

        addCode("1 / 0");
        run(4);
        WebElement error = browser.waitFor(d -> cells().get(4).findElement(By.cssSelector(".outputs .output-error")), KERNEL);
        assertTrue(error.getText().contains("ZeroDivisionError"), error.getText());
        assertFalse(error.findElements(By.cssSelector("span[class*='ansi-fg-']")).isEmpty(), "the traceback keeps its colours");

        addCode("name = input('Your name? ')\nprint('Hello, ' + name)");
        run(5);
        WebElement answer = browser.waitFor(d -> cells().get(5).findElement(By.cssSelector(".outputs form.output-input input")), KERNEL);
        answer.sendKeys("Ada", Keys.ENTER);
        browser.waitFor(d -> outputText(5).contains("Hello, Ada"), KERNEL);
        browser.screenshots("session-notebook");

        // an endless loop is interrupted, and the kernel goes on with its state
        addCode("while True: pass");
        run(6);
        awaitState("busy");
        startInterruptStopwatch();
        browser.click("#session-interrupt");
        browser.waitFor(d -> outputText(6).contains("KeyboardInterrupt"), KERNEL);
        awaitState("idle");
        long millis = interruptMillis();
        assertTrue(millis < 2000, "interrupted in " + millis + " ms");
        run(1);
        // ended, count and all: the draft saved next must hold the count the reload is to show
        browser.waitFor(d -> outputText(1).equals("42") && counted(1), KERNEL);
        awaitState("idle");

        // a reload attaches to the same kernel: x is still there; the cells come back from the draft with their outputs
        browser.textContaining("#draft-status", "draft saved");
        String count = prompt(1);
        browser.driver.navigate().refresh();
        awaitState("idle");
        assertTrue(browser.find("#session-stop").isDisplayed(), "the page knows its session after a reload");
        assertEquals("42", outputText(1), "a cell's output is kept with the draft");
        assertEquals(count, prompt(1), "and its execution count");
        awaitImage(2); // the plot is still shown
        assertFalse(cells().get(4).findElements(By.cssSelector(".outputs .output-error span[class*='ansi-fg-']")).isEmpty(),
                "the traceback, still coloured");
        // the frame loads lazily (once in view) and clips its rows until it has been told its height
        WebElement lazy = browser.waitFor(d -> cells().get(3).findElement(By.cssSelector(".outputs iframe.output-html")), KERNEL);
        browser.scrollIntoView(lazy);
        htmlOutput(3, "virginica"); // the table is still shown
        browser.screenshots("session-notebook-reloaded");
        run(1);
        browser.waitFor(d -> outputText(1).equals("42"), KERNEL);

        // restart: a fresh kernel where x is gone
        browser.click("#session-restart");
        awaitState("idle");
        run(1);
        browser.waitFor(d -> outputText(1).contains("NameError") && prompt(1).equals("[1]"), KERNEL); // the count starts again

        browser.click("#session-stop");
        awaitState("off");
        assertTrue(browser.find("#session-start").isDisplayed());
        ada.given().get("/jupyter/api/kernels").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));

        // leaving the editor and coming back shows the outputs; a version gets the source only, never the session's outputs
        browser.textContaining("#draft-status", "draft saved");
        browser.open("/kernels/" + ada.username() + "/live-notebook");
        browser.open("/kernels/" + ada.username() + "/live-notebook/edit");
        browser.waitFor(d -> outputText(1).contains("NameError"), PAGE);
        browser.click("#save-version");
        browser.click("input[name=mode][value=quick]");
        browser.click("#save-confirm");
        browser.waitFor(d -> browser.path().equals("/kernels/" + ada.username() + "/live-notebook/versions/2"), PAGE);
        io.restassured.path.json.JsonPath version = new io.restassured.path.json.JsonPath(ada.given()
                .get("/api/kernels/" + ada.username() + "/live-notebook/versions/2/source").then().statusCode(200).extract().asString());
        assertEquals("print(x + 1)", version.getString("cells[1].source"));
        for (int i = 0; i < version.getList("cells").size(); i++) {
            if ("code".equals(version.getString("cells[" + i + "].cell_type"))) {
                assertEquals(List.of(), version.getList("cells[" + i + "].outputs"), "cell " + i + " of the version has no output");
                assertNull(version.get("cells[" + i + "].execution_count"), "nor a count");
            }
        }
    }

    @Test
    void aSecondSessionOffersToStopTheFirstAndAScriptRunsByLine() {
        Account ada = user("ada");
        notebook(ada, "first-notebook", null);
        ada.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Second script", "kernel_type", "script", "source", "a = 6\nb = 7\nprint(a * b)\n",
                        "is_private", true, "mode", "quick", "dataset_sources", List.of()))
                .post("/api/kernels/" + ada.username() + "/second-script/versions").then().statusCode(202);
        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/kernels/" + ada.username() + "/first-notebook/edit");
        browser.click("#session-start");
        awaitState("idle");

        browser.open("/kernels/" + ada.username() + "/second-script/edit");
        awaitState("off"); // the other kernel's session is not this page's
        browser.click("#session-start");
        String problem = browser.textContaining("#session-problem", "first-notebook");
        assertTrue(browser.find("#session-replace").isDisplayed(), problem);
        browser.screenshots("session-conflict");
        browser.click("#session-replace");
        awaitState("idle");
        List<String> kernels = ada.given().get("/jupyter/api/kernels").then().statusCode(200).extract().jsonPath()
                .getList("kernelforge.kernel");
        assertEquals(List.of(ada.username() + "/second-script"), kernels);

        // Shift+Enter runs the cursor's line and moves on; Run all runs the whole script
        WebElement lines = browser.find(".script .CodeMirror-lines");
        new Actions(browser.driver).click(lines).keyDown(Keys.CONTROL).sendKeys(Keys.HOME).keyUp(Keys.CONTROL)
                .keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
        browser.waitFor(d -> d.findElements(By.cssSelector("#script-output .script-run .prompt")).stream()
                .map(WebElement::getText).toList().equals(List.of("[1]", "[2]")), KERNEL);
        setScript("print(a * b)");
        browser.click("#run-all");
        browser.waitFor(d -> browser.find("#script-output .script-run:last-child .outputs").getText().equals("42"), KERNEL);
        browser.screenshots("session-script");
    }

    @Test
    void untilThePageKnowsWhetherASessionRunsStartWaits() {
        Account ada = user("ada");
        notebook(ada, "looked-for", null);
        ada.given().contentType(ContentType.JSON).body(Map.of("name", "python3", "path", ada.username() + "/looked-for"))
                .post("/jupyter/api/kernels").then().statusCode(201);
        AccountJourneyTest.signIn(browser, ada.username());
        // the page's question, which sessions run, is held until the test lets it go: a slow server as a person meets it
        browser.beforeEachPage("""
                (function () {
                  var send = window.fetch, held = [];
                  window.kfAnswerSessionLookups = function () { window.fetch = send; held.forEach(function (go) { go(); }); };
                  window.fetch = function (url, init) {
                    if (String(url) !== '/jupyter/api/kernels' || (init && init.method && init.method !== 'GET')) { return send(url, init); }
                    return new Promise(function (resolve, reject) { held.push(function () { send(url, init).then(resolve, reject); }); });
                  };
                })();
                """);
        browser.open("/kernels/" + ada.username() + "/looked-for/edit");
        assertEquals("looking", state());
        assertEquals("Looking for a session…", browser.find("#session-state").getText());
        WebElement start = browser.find("#session-start");
        assertFalse(start.isDisplayed() || start.isEnabled(), "no Start yet: a click now would ask for a second session of this kernel");
        browser.screenshots("session-looking");

        browser.script("window.kfAnswerSessionLookups();");
        awaitState("idle");
        assertTrue(browser.find("#session-stop").isDisplayed(), "the running session is attached");
    }

    @Test
    void anUnsavedKernelAsksForAVersionBeforeASession() {
        Account ada = user("ada");
        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/kernels/" + ada.username() + "/not-yet/edit?type=notebook");
        browser.click("#session-start");
        assertTrue(browser.textContaining("#session-problem", "Save").contains("Quick Save"));
        awaitState("off");
        ada.given().get("/jupyter/api/kernels").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
    }

    private static void notebook(Account owner, String slug, String dataset) {
        Map<String, Object> source = Map.of("nbformat", 4, "nbformat_minor", 5, "metadata", Map.of(),
                "cells", List.of(Map.of("cell_type", "code", "source", "print('saved')", "metadata", Map.of(), "outputs", List.of())));
        owner.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Kernel " + slug, "kernel_type", "notebook", "source", source, "is_private", true,
                        "mode", "quick", "dataset_sources", dataset == null ? List.of() : List.of(owner.username() + "/" + dataset)))
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions").then().statusCode(202);
    }

    private void setScript(String code) {
        browser.script("document.querySelector('.script .CodeMirror').CodeMirror.setValue(arguments[0]);", code);
    }

    /**
     * Times the interrupt in the page, from the click on Interrupt to the session bar showing idle again: what a person
     * waits for, without the test's own looks at the page (one each half second, each slower on a loaded machine).
     */
    private void startInterruptStopwatch() {
        browser.script("""
                var watch = window.kfInterruptWatch = {};
                var state = document.getElementById('session-state');
                document.getElementById('session-interrupt').addEventListener('click', function () {
                  watch.clicked = performance.now();
                  new MutationObserver(function (changes, observer) {
                    if (state.getAttribute('data-state') === 'idle') { watch.idle = performance.now(); observer.disconnect(); }
                  }).observe(state, { attributes: true, attributeFilter: ['data-state'] });
                }, { once: true });
                """);
    }

    private long interruptMillis() {
        return ((Number) browser.script("var w = window.kfInterruptWatch; return Math.round(w.idle - w.clicked);")).longValue();
    }
}
