package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The editor's data sidebar: mount paths, file trees with sizes, copy-path, search to add, remove, save. */
@QuarkusTest
class EditorSidebarJourneyTest extends BrowserTestBase {

    private static final String LABELS = "file,label\na.png,cat\nb.png,dog\n";

    @Test
    void sidebarShowsMountsAndFilesCopiesPathsAndAddsAndRemovesSources() {
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        String tag = ada.username().substring(4);
        String iris = "iris-" + tag;
        String extra = "extra-" + tag;
        WebFixtures.dataset(ada, iris, false);
        zippedDataset(ada, extra);
        WebFixtures.dataset(bob, "shared-" + tag, false);
        WebFixtures.dataset(bob, "secret-" + tag, true);
        String kernel = "sidebar-" + tag;
        ada.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Sidebar " + tag, "kernel_type", "script", "source", "print('hi')", "is_private", true,
                        "mode", "quick", "dataset_sources", List.of(ada.username() + "/" + iris)))
                .post("/api/kernels/" + ada.username() + "/" + kernel + "/versions").then().statusCode(202);
        AccountJourneyTest.signIn(browser, ada.username());

        browser.open("/kernels/" + ada.username() + "/" + kernel + "/edit");
        String irisInput = "#sources li.input[data-ref='" + ada.username() + "/" + iris + "']";
        browser.textContaining(irisInput + " .mount-path", "/kaggle/input/" + iris);
        assertEquals("/kaggle/input/" + iris, browser.find(irisInput + " .mount-path").getText());
        assertEquals("Dataset " + ada.username() + "/" + iris + " · latest (version 1)", browser.find(irisInput + " .what").getText());
        WebElement train = browser.find(irisInput + " li.file[data-path='train.csv']");
        assertEquals("train.csv", train.findElement(By.cssSelector(".name")).getText());
        assertEquals(WebFixtures.IRIS.length() + " B", train.findElement(By.cssSelector(".size")).getText());

        // the button says Copied for two seconds only: what it showed is recorded, a loaded machine may look later
        WebElement copyTrain = train.findElement(By.cssSelector("button.copy-path"));
        browser.recordTexts(copyTrain);
        copyTrain.click();
        browser.waitFor(d -> browser.recordedTexts(copyTrain).contains("Copied"), PAGE);
        assertEquals("Copied /kaggle/input/" + iris + "/train.csv", browser.textContaining("#copy-status", "Copied"));

        // search by the tag: ada's datasets and bob's public one are offered, bob's private one never is
        browser.type("#source-search", tag);
        browser.find("button.add-source[aria-label='Add " + bob.username() + "/shared-" + tag + "']");
        String offered = browser.find("#source-results").getText();
        assertTrue(offered.contains(ada.username() + "/" + extra), offered);
        assertFalse(offered.contains("secret-" + tag), "a private dataset of another user is offered: " + offered);
        browser.type("#source-search", "secret-" + tag);
        browser.textContaining("#source-results", "Nothing found");

        browser.type("#source-search", extra);
        browser.click("button.add-source[aria-label='Add " + ada.username() + "/" + extra + "']");
        String extraInput = "#sources li.input[data-ref='" + ada.username() + "/" + extra + "']";
        browser.textContaining(extraInput + " .mount-path", "/kaggle/input/" + extra);
        WebElement labels = browser.find(extraInput + " li.file[data-path='images/labels.csv']");
        assertEquals(LABELS.length() + " B", labels.findElement(By.cssSelector(".size")).getText());
        assertEquals("Copy path /kaggle/input/" + extra + "/images/labels.csv",
                labels.findElement(By.cssSelector("button.copy-path")).getAttribute("aria-label"));
        // as on a plain-http deployment, where there is no navigator.clipboard: the selection is copied instead
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });");
        WebElement copyLabels = labels.findElement(By.cssSelector("button.copy-path"));
        browser.recordTexts(copyLabels);
        copyLabels.click();
        browser.textContaining("#copy-status", "/kaggle/input/" + extra + "/images/labels.csv");
        assertTrue(browser.recordedTexts(copyLabels).contains("Copied"), browser.recordedTexts(copyLabels).toString());
        browser.find(extraInput + " details.folder > summary").click();
        browser.waitFor(d -> !browser.find(extraInput + " li.file[data-path='images/labels.csv']").isDisplayed(), PAGE);
        browser.find(extraInput + " details.folder > summary").click();
        browser.waitFor(d -> browser.find(extraInput + " li.file[data-path='images/labels.csv']").isDisplayed(), PAGE);
        assertEquals("", browser.find("#source-search").getAttribute("value"), "the search is cleared once a source is added");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("window.scrollTo(0, 0);");
        browser.screenshots("editor-sidebar");
        browser.driver.manage().window().setSize(new Dimension(390, 900));
        assertEquals(0, browser.horizontalOverflow(), "the editor with its sidebar fits a phone");
        browser.driver.manage().window().setSize(new Dimension(1280, 900));

        browser.click("button.remove-source[aria-label='Remove " + ada.username() + "/" + iris + "']");
        browser.waitFor(d -> d.findElements(By.cssSelector(irisInput)).isEmpty(), PAGE);
        browser.click("#save-version");
        browser.click("input[name=mode][value=quick]");
        browser.click("#save-confirm");
        browser.waitFor(d -> browser.path().equals("/kernels/" + ada.username() + "/" + kernel + "/versions/2"), PAGE);
        ada.given().get("/api/kernels/" + ada.username() + "/" + kernel).then().statusCode(200)
                .body("settings.dataset_sources", contains(ada.username() + "/" + extra))
                .body("settings.kernel_sources", empty());
    }

    @Test
    void previewNamesTheSourcesItCannotMountAndListsTheOthers() {
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        String tag = ada.username().substring(4);
        WebFixtures.dataset(ada, "iris-" + tag, false);
        WebFixtures.dataset(bob, "iris-" + tag, false);
        WebFixtures.dataset(bob, "secret-" + tag, true);
        ada.given().queryParam("dataset_sources", ada.username() + "/iris-" + tag, bob.username() + "/secret-" + tag,
                        bob.username() + "/iris-" + tag, ada.username() + "/iris-" + tag + "/7")
                .get("/api/kernels/" + ada.username() + "/new-one/inputs").then().statusCode(200)
                .body("mount", contains("/kaggle/input/iris-" + tag, null, null, null))
                .body("[0].files.path", contains("train.csv"))
                .body("[0].files.size", contains(WebFixtures.IRIS.length()))
                .body("[0].version", org.hamcrest.Matchers.is(1))
                .body("[1].error", org.hamcrest.Matchers.containsString("There is no dataset '" + bob.username() + "/secret-" + tag
                        + "' that you can read"))
                .body("[2].error", org.hamcrest.Matchers.containsString("would both be mounted at /kaggle/input/iris-" + tag))
                .body("[3].error", org.hamcrest.Matchers.containsString("has no version 7"));
        // a kernel that is not there yet is previewed only in its future owner's name
        bob.given().queryParam("dataset_sources", bob.username() + "/secret-" + tag)
                .get("/api/kernels/" + ada.username() + "/new-one/inputs").then().statusCode(404);
    }

    private static void zippedDataset(Account owner, String slug) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("train.csv"));
            zip.write(WebFixtures.IRIS.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("images/labels.csv"));
            zip.write(LABELS.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String metadata = "{\"title\":\"Data " + slug + "\",\"id\":\"" + owner.username() + "/" + slug + "\",\"isPrivate\":false}";
        owner.given().multiPart("metadata", metadata, "application/json")
                .multiPart("file", slug + ".zip", bytes.toByteArray(), "application/zip")
                .post("/api/datasets").then().statusCode(201);
    }
}
