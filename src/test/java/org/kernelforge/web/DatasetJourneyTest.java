package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating a dataset from an uploaded CSV, its preview, a new version, visibility and search, in a real browser. */
@QuarkusTest
class DatasetJourneyTest extends BrowserTestBase {

    @Test
    void uploadedCsvBecomesADatasetWithAPreviewAndNewVersions() {
        Account ada = TestAccounts.signUp("ada");
        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/datasets/new");
        browser.type("#f-title", "Flower measurements");
        assertEquals("flower-measurements", browser.find("#f-id").getAttribute("value"), "the address follows the title");
        browser.find("#f-file").sendKeys(WebFixtures.csvFile("iris.csv", WebFixtures.IRIS).toString());
        browser.screenshots("dataset-new");
        browser.click("main button[type=submit]");
        browser.waitFor(d -> browser.path().equals("/datasets/" + ada.username() + "/flower-measurements"), PAGE);

        List<String> headers = browser.find("#csv-preview").findElements(By.cssSelector("th")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("sepal_length\nfloat", "sepal_width\nfloat", "species\nstring"), headers);
        assertEquals(3, browser.driver.findElements(By.cssSelector("#csv-preview tbody tr")).size());
        assertTrue(browser.find("#file-tree").getText().contains("iris.csv"));
        assertTrue(browser.find("h1").getText().contains("private"));
        browser.screenshots("dataset-page");

        browser.click("#toggle-visibility");
        browser.waitFor(d -> browser.find("#visibility-state").getText().equals("public"), PAGE);

        browser.open("/datasets/" + ada.username() + "/flower-measurements/new-version");
        browser.type("#f-notes", "More flowers");
        browser.find("#f-file").sendKeys(WebFixtures.csvFile("more.csv", "a,b\n1,x\n").toString());
        browser.click("main button[type=submit]");
        browser.waitFor(d -> d.getCurrentUrl().endsWith("?version=2"), PAGE);
        String tree = browser.find("#file-tree").getText();
        assertTrue(tree.contains("iris.csv") && tree.contains("more.csv"), tree);

        browser.open("/datasets");
        browser.type("#search", "flower measure");
        browser.waitFor(d -> browser.find("#results").getText().contains("Flower measurements"), PAGE);
        browser.screenshots("dataset-list");
    }

    @Test
    void anUploadErrorIsShownBesideTheAddress() {
        Account ada = TestAccounts.signUp("ada");
        WebFixtures.dataset(ada, "taken-data", true);
        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/datasets/new");
        browser.type("#f-title", "Taken");
        browser.type("#f-id", "taken-data");
        browser.find("#f-file").sendKeys(WebFixtures.csvFile("x.csv", "a\n1\n").toString());
        browser.click("main button[type=submit]");
        browser.waitFor(d -> !browser.find("#e-id").getText().isBlank(), PAGE);
        assertTrue(browser.find("#e-id").getText().contains("taken-data"), browser.find("#e-id").getText());
    }
}
