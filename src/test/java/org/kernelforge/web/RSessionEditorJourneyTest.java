package org.kernelforge.web;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.ReadyEnvironments;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.Installation;
import org.kernelforge.runs.ContainerSettings;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live session of an R notebook in the editor, as a person works with it in Chromium: the session bar says R, a cell
 * typed and run with Shift+Enter shows R's answer, a ggplot2 plot shows inline, a restart forgets the variables.
 */
@QuarkusTest
class RSessionEditorJourneyTest {

    private static final Duration KERNEL = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URL base;

    @Inject
    DockerClient docker;
    @Inject
    Installation installation;

    private Browser browser;
    private Account ruth;

    @BeforeEach
    void start() {
        browser = new Browser(base);
    }

    @AfterEach
    void stop() throws InterruptedException {
        browser.close();
        if (ruth != null) {
            List<String> mine = ruth.given().get("/jupyter/api/kernels").then().statusCode(200).extract().jsonPath().getList("id");
            mine.forEach(id -> ruth.given().delete("/jupyter/api/kernels/" + id).then().statusCode(204));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Container> left = sessionContainers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = sessionContainers();
        }
        assertEquals(List.of(), left.stream().map(c -> List.of(c.getNames()).toString()).toList(),
                "no session container of this server is left");
    }

    @Test
    void anRNotebooksCellsRunInAnRSessionWithPlotsInline() {
        String r = ReadyEnvironments.dockerImage("r");
        ruth = TestAccounts.signUp("ruth");
        Map<String, Object> source = Map.of("nbformat", 4, "nbformat_minor", 5,
                "metadata", Map.of("kernelspec", Map.of("name", "ir", "display_name", "R", "language", "R")),
                "cells", List.of(Map.of("cell_type", "code", "source", "", "metadata", Map.of(), "outputs", List.of())));
        ruth.given().contentType(ContentType.JSON)
                .body(Map.of("title", "R live", "kernel_type", "notebook", "language", "r", "docker_image", r,
                        "source", source, "is_private", true, "mode", "quick", "dataset_sources", List.of()))
                .post("/api/kernels/" + ruth.username() + "/r-live/versions").then().statusCode(202);
        AccountJourneyTest.signIn(browser, ruth.username());
        browser.open("/kernels/" + ruth.username() + "/r-live/edit");
        assertEquals("off", state());
        assertFalse(browser.find("#session-kernel").isDisplayed(), "no kernel is named before a session runs");
        assertTrue(browser.find("#session-start").getAttribute("title").contains("live R kernel"));

        browser.click("#session-start");
        awaitState("idle");
        assertEquals("R", browser.find("#session-kernel").getText(), "the session bar names the kernel's language");
        assertTrue(browser.find("#session-kernel").isDisplayed());

        // a cell typed and run with Shift+Enter: R's answer under it
        typeInto(0, "x <- 1:10; sum(x)");
        shiftEnterIn(0);
        browser.waitFor(d -> prompt(0).equals("[1]"), KERNEL);
        assertEquals("55", htmlOutput(0), "IRkernel's answer, shown as its HTML form");
        awaitState("idle");

        setCode(1, "library(ggplot2)\nggplot(data.frame(a = 1:3, b = c(1, 4, 9)), aes(a, b)) + geom_line()");
        run(1);
        WebElement plot = browser.waitFor(d -> cells().get(1).findElement(By.cssSelector(".outputs img[src^='data:image/png']")), KERNEL);
        browser.waitFor(d -> plot.getSize().getWidth() > 100, Duration.ofSeconds(5));
        browser.screenshots("session-r-notebook");

        addCode("cat('mean', mean(x), '\\n')");
        run(2);
        browser.waitFor(d -> outputText(2).equals("mean 5.5"), KERNEL);

        browser.click("#session-restart");
        awaitState("idle");
        run(2);
        browser.waitFor(d -> outputText(2).contains("object 'x' not found") && prompt(2).equals("[1]"), KERNEL);
        ruth.given().get("/jupyter/api/kernels").then().statusCode(200).body("[0].name", equalTo("ir"));

        browser.click("#session-stop");
        awaitState("off");
        assertFalse(browser.find("#session-kernel").isDisplayed());
    }

    private List<Container> sessionContainers() {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ContainerSettings.SESSION_LABEL, Installation.LABEL + "=" + installation.id())).exec();
    }

    private String state() {
        return browser.find("#session-state").getAttribute("data-state");
    }

    private void awaitState(String expected) {
        browser.waitFor(d -> expected.equals(state()), KERNEL);
    }

    private List<WebElement> cells() {
        return browser.driver.findElements(By.cssSelector("#cells .cell.code"));
    }

    private String prompt(int index) {
        return cells().get(index).findElement(By.cssSelector(".prompt")).getText();
    }

    private String outputText(int index) {
        return cells().get(index).findElement(By.cssSelector(".outputs")).getText().strip();
    }

    /** The text of the cell's HTML output, which runs in its sandboxed frame. */
    private String htmlOutput(int index) {
        WebElement frame = browser.waitFor(d -> cells().get(index).findElement(By.cssSelector(".outputs iframe.output-html[data-sized]")), KERNEL);
        browser.driver.switchTo().frame(frame);
        try {
            return browser.find("body").getText().strip();
        } finally {
            browser.driver.switchTo().defaultContent();
        }
    }

    private void run(int index) {
        WebElement button = cells().get(index).findElement(By.cssSelector(".run-cell"));
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
    }

    /** Types {@code code} into the cell's editor as a person does. */
    private void typeInto(int index, String code) {
        WebElement editor = cells().get(index).findElement(By.cssSelector(".CodeMirror-lines"));
        new Actions(browser.driver).click(editor).sendKeys(code).perform();
    }

    private void setCode(int index, String code) {
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.querySelectorAll('#cells .cell.code .CodeMirror')[arguments[0]].CodeMirror.setValue(arguments[1]);", index, code);
    }

    private void addCode(String code) {
        int before = cells().size();
        browser.click("#add-code");
        browser.waitFor(d -> cells().size() == before + 1, Duration.ofSeconds(5));
        setCode(before, code);
    }

    private void shiftEnterIn(int index) {
        WebElement editor = cells().get(index).findElement(By.cssSelector(".CodeMirror-lines"));
        new Actions(browser.driver).click(editor).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
    }
}
