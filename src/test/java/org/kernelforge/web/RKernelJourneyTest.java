package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.ReadyEnvironments;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An R script made in the editor stays an R script: the pages say so, and a save keeps its language and environment. */
@QuarkusTest
class RKernelJourneyTest extends BrowserTestBase {

    @Test
    void anRScriptMadeInTheEditorIsSavedAndShownAsR() {
        ReadyEnvironments.dockerImage("r");
        Account rita = TestAccounts.signUp("rita");
        AccountJourneyTest.signIn(browser, rita.username());
        browser.open("/kernels/" + rita.username() + "/first-r/edit?type=script&language=r&title=First+R");
        assertEquals("R", browser.find("#kernel-language").getText());
        assertEquals("Download .R", browser.find("#download-source").getText());
        browser.screenshots("editor-new-r-script");

        browser.click("#save-version");
        browser.click("input[name=mode][value=quick]");
        browser.click("#save-confirm");
        browser.waitFor(d -> browser.path().equals("/kernels/" + rita.username() + "/first-r/versions/1"), PAGE);
        assertEquals("R", browser.find("#kernel-language").getText());
        assertEquals("Download .R", browser.find("#download-version-source").getText());
        browser.screenshots("version-r-script");
        rita.given().get("/api/kernels/" + rita.username() + "/first-r").then().statusCode(200)
                .body("settings.language", equalTo("r"))
                .body("settings.docker_image", equalTo("r"));
        String source = rita.given().get("/api/kernels/" + rita.username() + "/first-r/versions/1/source").asString();
        assertTrue(source.contains("list.files(\"/kaggle/input\""), "a new R script starts with R: " + source);
    }
}
