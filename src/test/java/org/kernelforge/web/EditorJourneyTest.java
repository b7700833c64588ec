package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The editor's everyday loop: drafts that survive leaving the page, Ctrl+S, the notebook keyboard, settings it cannot honour. */
@QuarkusTest
class EditorJourneyTest extends BrowserTestBase {

    @Test
    void aDraftIsRestoredAfterLeavingAndCtrlSSavesIt() {
        Account ada = TestAccounts.signUp("ada");
        AccountJourneyTest.signIn(browser, ada.username());
        String edit = "/kernels/" + ada.username() + "/draft-notebook/edit?type=notebook&title=Draft+notebook";
        browser.open(edit);
        assertTrue(code(0).contains("os.walk('/kaggle/input')"), "a new notebook starts with a cell listing its inputs: " + code(0));

        holdDraftSaves();
        typeAtEndOf(0, "\nprint('kept in the draft')");
        assertTrue(leavingIsGuarded(), "changes not yet on the server hold the page");
        browser.waitFor(d -> ((Number) browser.script("return window.kfHeldDraftSaves.length;")).intValue() > 0, PAGE);
        assertTrue(leavingIsGuarded(), "so does a draft on its way to the server (leaving would cancel its request)");
        releaseDraftSaves();
        browser.textContaining("#draft-status", "draft saved");
        assertFalse(leavingIsGuarded(), "once the draft is saved, leaving loses nothing");

        browser.open("/kernels");
        browser.open(edit);
        assertTrue(browser.textContaining("#draft-note", "Restored unsaved draft from").matches("(?s).*from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC.*"));
        assertTrue(code(0).endsWith("print('kept in the draft')"), code(0));
        browser.screenshots("editor-draft-restored");

        // Ctrl+S: the Save Version dialog with Quick Save chosen; Enter saves
        new Actions(browser.driver).keyDown(Keys.CONTROL).sendKeys("s").keyUp(Keys.CONTROL).perform();
        browser.waitFor(d -> browser.find("#save-dialog").getAttribute("open") != null, PAGE);
        assertTrue(browser.find("#mode-quick").isSelected());
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.waitFor(d -> browser.path().equals("/kernels/" + ada.username() + "/draft-notebook/versions/1"), PAGE);
        String source = ada.given().get("/api/kernels/" + ada.username() + "/draft-notebook/versions/1/source").asString();
        assertTrue(source.contains("kept in the draft"), "the commit starts from the draft: " + source);
        ada.given().get("/api/kernels/" + ada.username() + "/draft-notebook/draft").then().statusCode(404);

        browser.open("/kernels/" + ada.username() + "/draft-notebook/edit");
        assertFalse(browser.find("#draft-note").isDisplayed(), "the commit cleared the draft");
        typeAtEndOf(0, "\nprint('thrown away')");
        browser.textContaining("#draft-status", "draft saved");
        browser.driver.navigate().refresh();
        browser.textContaining("#draft-note", "Restored unsaved draft");
        browser.click("#discard-draft");
        browser.waitFor(d -> !browser.find("#draft-note").isDisplayed() && !code(0).contains("thrown away"), PAGE);
        ada.given().get("/api/kernels/" + ada.username() + "/draft-notebook/draft").then().statusCode(404);
    }

    @Test
    void theNotebookKeyboardAddsMovesAndDeletesCellsWithUndo() {
        Account bea = TestAccounts.signUp("bea");
        AccountJourneyTest.signIn(browser, bea.username());
        browser.open("/kernels/" + bea.username() + "/keyboard-notebook/edit?type=notebook");
        assertEquals(1, cells().size());

        // Esc leaves the text; B adds below, A above the selected cell
        typeAtEndOf(0, "\nx = 1");
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.waitFor(d -> browser.find("#cells .cell.selected").equals(active()), PAGE);
        new Actions(browser.driver).sendKeys("b").perform();
        assertEquals(2, cells().size());
        new Actions(browser.driver).sendKeys("a").perform();
        assertEquals(3, cells().size());
        assertEquals(cells().get(1), browser.find("#cells .cell.selected"), "A adds above the selected second cell and selects it");

        // D D deletes the selected cell; the toast's Undo brings it back in its place
        typeAtEndOf(1, "y = 2");
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).sendKeys("d").sendKeys("d").perform();
        assertEquals(2, cells().size());
        assertTrue(browser.textContaining("#toast", "Cell 2 deleted").contains("Undo"));
        browser.screenshots("editor-undo-toast");
        browser.click("#toast-undo");
        assertEquals(3, cells().size());
        assertEquals("y = 2", code(1));
        assertFalse(browser.find("#toast").isDisplayed());

        // Shift+Enter moves to the next cell (and adds one after the last)
        typeAtEndOf(1, "");
        new Actions(browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
        assertTrue(cells().get(2).findElement(By.cssSelector(".CodeMirror")).getAttribute("class").contains("CodeMirror-focused"));
        new Actions(browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
        assertEquals(4, cells().size());

        // a Markdown cell shows its rendering when not being edited, with raw HTML escaped
        browser.click("#add-markdown");
        new Actions(browser.driver).sendKeys("## A heading\n\nSome *words* <b>raw</b>").sendKeys(Keys.ESCAPE).perform();
        WebElement preview = browser.find(".cell.markdown .md-preview");
        browser.waitFor(d -> preview.isDisplayed(), PAGE); // rendered by the server
        assertEquals("A heading", preview.findElement(By.tagName("h2")).getText());
        assertTrue(preview.getText().contains("<b>raw</b>"), "raw HTML is shown as text: " + preview.getText());
        assertFalse(browser.find(".cell.markdown textarea").isDisplayed());
        browser.screenshots("editor-notebook-keyboard");

        // an uploaded .ipynb replaces the cells once confirmed
        java.nio.file.Path upload = WebFixtures.csvFile("uploaded.ipynb", "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {},"
                + " \"cells\": [{\"cell_type\": \"markdown\", \"source\": [\"# From a file\"], \"metadata\": {}},"
                + " {\"cell_type\": \"code\", \"source\": [\"print(\\\"uploaded\\\")\"], \"metadata\": {}, \"outputs\": [],"
                + " \"execution_count\": 3}]}");
        browser.driver.findElement(By.id("open-ipynb")).sendKeys(upload.toAbsolutePath().toString());
        org.openqa.selenium.Alert confirm = browser.waitFor(d -> d.switchTo().alert(), PAGE);
        assertTrue(confirm.getText().contains("Replace the 5 cells in the editor with the 2 cells of uploaded.ipynb"), confirm.getText());
        confirm.accept();
        browser.waitFor(d -> cells().size() == 2, PAGE);
        assertEquals("print(\"uploaded\")", code(0));
        browser.waitFor(d -> browser.find(".cell.markdown .md-preview h1").getText().equals("From a file"), PAGE);
    }

    @Test
    void settingsTheDeploymentCannotHonourAreShownOffWithTheReason() {
        Account cal = TestAccounts.signUp("cal");
        AccountJourneyTest.signIn(browser, cal.username());
        browser.open("/kernels/" + cal.username() + "/settings-script/edit?type=script");
        WebElement gpu = browser.find("#s-gpu");
        assertFalse(gpu.isEnabled());
        assertFalse(gpu.isSelected());
        assertTrue(browser.find("#gpu-reason").getText().contains("no GPU"), browser.find("#gpu-reason").getText());
        assertFalse(browser.find("#s-internet").isEnabled());
        assertTrue(browser.find("#internet-reason").getText().contains("Internet access is not available"));
        String panel = browser.find("aside").getText();
        assertFalse(panel.contains("{") || panel.contains("\"detail\""), "no raw JSON in the settings panel: " + panel);
        ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('s-image').scrollIntoView();");
        browser.screenshots("editor-settings-unavailable");
    }

    private List<WebElement> cells() {
        return browser.driver.findElements(By.cssSelector("#cells .cell"));
    }

    private WebElement active() {
        return browser.driver.switchTo().activeElement();
    }

    private String code(int index) {
        return (String) ((JavascriptExecutor) browser.driver).executeScript(
                "return document.querySelectorAll('#cells .cell.code .CodeMirror')[arguments[0]].CodeMirror.getValue();", index);
    }

    private void typeAtEndOf(int index, String text) {
        WebElement editor = browser.waitFor(d -> d.findElements(By.cssSelector("#cells .cell.code .CodeMirror")).get(index),
                PAGE);
        new Actions(browser.driver).click(editor.findElement(By.cssSelector(".CodeMirror-lines")))
                .keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL).sendKeys(text).perform();
    }

    /**
     * Holds the editor's draft saves (PUT .../draft) until {@link #releaseDraftSaves()}, so that the page is seen with
     * its draft on the way: otherwise a save can start and end (a second after the last change) between two looks.
     */
    private void holdDraftSaves() {
        browser.script("""
                var send = window.fetch;
                var held = window.kfHeldDraftSaves = [];
                window.kfReleaseDraftSaves = function () {
                  window.fetch = send;
                  held.forEach(function (go) { go(); });
                };
                window.fetch = function (url, init) {
                  if (!(init && init.method === 'PUT' && String(url).endsWith('/draft'))) { return send(url, init); }
                  return new Promise(function (resolve, reject) {
                    held.push(function () { send(url, init).then(resolve, reject); });
                  });
                };
                """);
    }

    private void releaseDraftSaves() {
        browser.script("window.kfReleaseDraftSaves();");
    }

    /** Whether the page would ask before being left: its beforeunload handler cancels the event. */
    private boolean leavingIsGuarded() {
        return (Boolean) ((JavascriptExecutor) browser.driver).executeScript(
                "var e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented;");
    }
}
