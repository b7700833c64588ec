package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-up, sign-in, sign-out and API keys in a real browser. */
@QuarkusTest
class AccountJourneyTest extends BrowserTestBase {

    @Test
    void signUpShowsErrorsBesideTheFieldThenSignsIn() {
        String username = TestAccounts.uniqueName("ui");
        browser.open("/signup");
        browser.type("#f-username", username);
        browser.type("#f-email", username + "@example.org");
        browser.type("#f-password", "short");
        browser.click("main button[type=submit]");
        String error = browser.textContaining("#e-password", "at least 8 characters");
        assertTrue(error.contains("at least 8 characters"), error);
        assertEquals("true", browser.find("#f-password").getAttribute("aria-invalid"));
        assertEquals(username, browser.find("#f-username").getAttribute("value"), "the form keeps what was typed");
        browser.screenshots("signup-error");

        browser.type("#f-password", TestAccounts.PASSWORD);
        browser.click("main button[type=submit]");
        browser.waitFor(d -> browser.find(".who .me").getText().equals(username), PAGE);
        assertEquals("/", browser.path());
        browser.screenshots("home-signed-in");
        assertEquals(0, browser.horizontalOverflow(), "the home page fits the window");

        signOut(browser);
        browser.open("/signin");
        browser.type("#f-username", username);
        browser.type("#f-password", "wrong password");
        browser.click("main button[type=submit]");
        assertTrue(browser.textContaining("#e-password", "Wrong username or password").contains("Wrong username or password"));
        browser.type("#f-password", TestAccounts.PASSWORD);
        browser.click("main button[type=submit]");
        assertEquals(username, browser.find(".who .me").getText());
    }

    @Test
    void takenUsernameIsShownBesideTheUsernameField() {
        TestAccounts.Account taken = TestAccounts.signUp("ui");
        browser.open("/signup");
        browser.type("#f-username", taken.username());
        browser.type("#f-password", TestAccounts.PASSWORD);
        browser.click("main button[type=submit]");
        assertTrue(browser.textContaining("#e-username", "is taken").contains("is taken"));
    }

    @Test
    void accountPageCreatesShowsAndRevokesApiKeys() {
        TestAccounts.Account account = TestAccounts.signUp("ui");
        signIn(browser, account.username());
        browser.open("/account");
        browser.click("#create-key");
        String key = browser.find("#new-key-value").getAttribute("value");
        assertTrue(key.length() > 20);
        String href = browser.find("#download-kaggle-json").getAttribute("href");
        assertTrue(href.startsWith("data:application/json") && href.contains(key), href);
        browser.screenshots("account-new-key");

        io.restassured.RestAssured.given().auth().preemptive().basic(account.username(), key)
                .get("/api/me").then().statusCode(200);
        int keysBefore = browser.driver.findElements(org.openqa.selenium.By.cssSelector("button.danger")).size();
        browser.click("button.danger[aria-label='Revoke key ending " + key.substring(key.length() - 4) + "']");
        browser.waitFor(d -> d.findElements(org.openqa.selenium.By.cssSelector("button.danger")).size() == keysBefore - 1,
                PAGE);
        io.restassured.RestAssured.given().auth().preemptive().basic(account.username(), key)
                .get("/api/me").then().statusCode(401);
    }

    /**
     * Signs out and waits for the signed-out page: a page opened before the sign-out's answer arrives could
     * have the new session's cookie cleared by that answer.
     */
    static void signOut(Browser browser) {
        browser.click(".who button");
        browser.find(".who a[href='/signin']");
    }

    static void signIn(Browser browser, String username) {
        browser.open("/signin");
        browser.type("#f-username", username);
        browser.type("#f-password", TestAccounts.PASSWORD);
        browser.click("main button[type=submit]");
        browser.waitFor(d -> browser.find(".who .me").getText().equals(username), PAGE);
    }
}
