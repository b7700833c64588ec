package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.ReadyEnvironments;
import org.kernelforge.TestAccounts.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

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
class RSessionEditorJourneyTest extends SessionEditorTestBase {

    @Test
    void anRNotebooksCellsRunInAnRSessionWithPlotsInline() {
        String r = ReadyEnvironments.dockerImage("r");
        Account ruth = user("ruth");
        Map<String, Object> source = Map.of("nbformat", 4, "nbformat_minor", 5,
                "metadata", Map.of("kernelspec", Map.of("name", "ir", "display_name", "R", "language", "R")),
                "cells", List.of(Map.of("cell_type", "code", "source", "", "metadata", Map.of(), "outputs", List.of())));
        ruth.given().contentType(ContentType.JSON)
                .body(Map.of("title", "R live", "kernel_type", "notebook", "language", "r", "docker_image", r,
                        "source", source, "is_private", true, "mode", "quick", "dataset_sources", List.of()))
                .post("/api/kernels/" + ruth.username() + "/r-live/versions").then().statusCode(202);
        AccountJourneyTest.signIn(browser, ruth.username());
        browser.open("/kernels/" + ruth.username() + "/r-live/edit");
        awaitState("off");
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
        assertEquals("55", htmlOutput(0, "55"), "IRkernel's answer, shown as its HTML form");
        awaitState("idle");

        setCode(1, "library(ggplot2)\nggplot(data.frame(a = 1:3, b = c(1, 4, 9)), aes(a, b)) + geom_line()");
        run(1);
        awaitImage(1);
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

    /** Types {@code code} into the cell's editor as a person does. */
    private void typeInto(int index, String code) {
        WebElement editor = cells().get(index).findElement(By.cssSelector(".CodeMirror-lines"));
        new Actions(browser.driver).click(editor).sendKeys(code).perform();
    }
}
