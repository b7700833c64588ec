package org.kernelforge.web;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The environments' pages as a person uses them: an admin clicks Build, watches the log arrive and the status turn
 * ready, then searches the package list; a user sees no build button, and the editor names the kernel's environment.
 */
@QuarkusTest
class EnvironmentPagesBrowserTest extends BrowserTestBase {

    @Inject
    DockerClient docker;

    private String builtImage;

    @AfterEach
    void removeTheBuiltImage() {
        if (builtImage != null) {
            try {
                docker.removeImageCmd(builtImage).withForce(true).exec();
            } catch (NotFoundException notBuilt) {
                // the build did not get that far
            }
        }
    }

    @Test
    void anAdminBuildsFromThePageWatchesTheLogAndSearchesThePackages() {
        Account admin = TestAccounts.signUp("envadmin");
        TestAccounts.admin().given().contentType(ContentType.JSON).body(Map.of("roles", List.of("user", "admin")))
                .put("/api/users/" + admin.username() + "/roles").then().statusCode(200);
        String env = TestAccounts.uniqueName("page");
        builtImage = "kernelforge/env-" + env + ":1";
        TestAccounts.admin().given().contentType(ContentType.JSON)
                .body(Map.of("name", env, "language", "python", "description", "GNU hello", "packages", List.of("hello")))
                .post("/api/environments").then().statusCode(201);

        AccountJourneyTest.signIn(browser, admin.username());
        browser.open("/environments");
        browser.click("#environments a[href='/environments/" + env + "']");
        // apt's answer before anything is built (apt runs in a container): hello is one package of about 53 kB
        assertTrue(browser.textContaining("#build-estimate", "apt will download", KERNEL).contains("install 1 package using"));
        browser.screenshots("environment-unbuilt");
        browser.click("#from-scratch");
        browser.click("#build");
        assertEquals("/environments/" + env + "/versions/1", browser.path());
        browser.textContaining("#build-log", "apt-get install --no-install-recommends hello", KERNEL); // once its container runs
        browser.waitFor(d -> d.findElement(By.id("version-status")).getText().equals("ready") ? true : null, Duration.ofMinutes(5));
        assertTrue(browser.find("#build-log").getAttribute("textContent").contains("Setting up hello"));
        browser.open("/environments/" + env + "/versions/1");
        assertTrue(browser.find("#image-digest").getText().startsWith("sha256:"));
        browser.type("#q", "hell");
        browser.waitFor(d -> d.findElements(By.cssSelector("#packages tbody tr")).size() == 1 ? true : null, PAGE);
        assertEquals("hello", browser.find("#packages tbody tr td").getText());
        browser.screenshots("environment-packages");
        assertTrue(browser.textContaining("#build-estimate", "to download").contains("version 1"));
        assertEquals(0, browser.horizontalOverflow());
    }

    @Test
    void anOrganizerFillsTheNewEnvironmentFormSeesItsErrorsThenWatchesTheBuild() {
        Account organizer = TestAccounts.organizer("envformorg");
        String slug = WebCompetitions.create(organizer, WebCompetitions.settings(WebCompetitions.dataset(organizer, false)));
        String env = TestAccounts.uniqueName("form");
        builtImage = "kernelforge/env-" + env + ":1";
        AccountJourneyTest.signIn(browser, organizer.username());
        browser.open("/environments");
        browser.find("#new-environment-link");
        // from the competition's organizer page, with the competition chosen
        browser.open("/competitions/" + slug + "/edit");
        browser.click("#new-competition-environment");
        browser.waitFor(d -> browser.path().equals("/environments") ? true : null, PAGE);
        assertEquals(slug, new org.openqa.selenium.support.ui.Select(browser.find("#f-competition")).getFirstSelectedOption()
                .getAttribute("value"));
        // an organizer creates environments for the competitions they organize, never site-wide ones
        List<String> choices = browser.driver.findElements(By.cssSelector("#f-competition option")).stream()
                .map(o -> o.getAttribute("value")).toList();
        assertEquals(List.of(slug), choices);

        browser.type("#f-name", "Bad Name");
        browser.type("#f-packages", "jq");
        browser.click("#create-environment");
        assertTrue(browser.textContaining("#e-name", "lower-case letters").contains("Bad Name"));
        assertEquals("Bad Name", browser.find("#f-name").getAttribute("value"));
        assertEquals("jq", browser.find("#f-packages").getAttribute("value").strip());

        browser.type("#f-name", env);
        browser.find("#f-packages").clear();
        browser.click("#create-environment");
        browser.textContaining("#e-packages", "at least one Debian package");

        browser.type("#f-packages", "jq");
        browser.type("#f-name", "python");
        browser.click("#create-environment");
        browser.textContaining("#e-name", "already an environment named 'python'");

        // a language the select does not offer, as a hand-made request would send
        browser.type("#f-name", env);
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.querySelector('#f-language option').value = 'julia';");
        browser.click("#create-environment");
        browser.textContaining("#e-language", "language must be 'python' or 'r', not 'julia'");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('new-environment').scrollIntoView();");
        browser.screenshots("environment-form-errors");

        browser.type("#f-name", env);
        browser.type("#f-description", "jq for the competition's kernels");
        browser.click("#create-environment");
        browser.waitFor(d -> browser.path().equals("/environments/" + env + "/versions/1") ? true : null, PAGE);
        browser.textContaining("#environment-competition", slug);
        browser.waitFor(d -> d.findElement(By.id("version-status")).getText().equals("ready") ? true : null, Duration.ofMinutes(5));
        assertTrue(browser.find("#build-log").getAttribute("textContent").contains("jq"));
        browser.screenshots("environment-form-built");
        // the rebuild form is theirs too, and tells what it refuses beside the recipe
        assertEquals("Rebuild with these packages as version 2", browser.find("#build").getText());
        browser.type("#recipe", "jq\nNot_A_Package");
        browser.click("#build");
        browser.textContaining("#e-packages", "'Not_A_Package' is not a Debian package name");
        assertTrue(browser.find("#recipe").getAttribute("value").contains("Not_A_Package"));
        assertEquals("Rebuild with these packages as version 2", browser.find("#build").getText());
        browser.screenshots("environment-rebuild-error");
        assertEquals(0, browser.horizontalOverflow());
    }

    @Test
    void aUserSeesNoBuildButtonAndTheEditorNamesTheKernelsEnvironment() {
        Account user = TestAccounts.signUp("envpage");
        user.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Env kernel", "kernel_type", "script", "language", "python", "source", "print(1)", "mode", "quick"))
                .post("/api/kernels/" + user.username() + "/env-kernel/versions").then().statusCode(202);
        AccountJourneyTest.signIn(browser, user.username());
        browser.open("/environments/python");
        browser.find("#version");
        assertTrue(browser.driver.findElements(By.id("build")).isEmpty());
        browser.open("/kernels/" + user.username() + "/env-kernel/edit");
        String note = browser.textContaining("#s-environment", "python version 1");
        assertTrue(note.contains("pinned"), note);
        assertEquals("/environments/python/versions/1",
                java.net.URI.create(browser.find("#s-environment-packages").getAttribute("href")).getPath());
        browser.screenshots("editor-environment");
        browser.open("/kernels/" + user.username() + "/env-kernel/versions/1");
        assertFalse(browser.textContaining("#version-environment", "python version 1").isEmpty());
        browser.screenshots("version-environment");
    }
}
