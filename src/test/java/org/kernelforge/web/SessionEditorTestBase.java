package org.kernelforge.web;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.Installation;
import org.kernelforge.runs.ContainerSettings;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The editor with a live session, as a person drives it: the session bar's state, the code cells with their prompts
 * and outputs. After each test every session of its users is stopped through the API, and none of their containers
 * may be left.
 */
abstract class SessionEditorTestBase extends BrowserTestBase {

    @Inject
    DockerClient docker;
    @Inject
    Installation installation;

    private final List<Account> users = new ArrayList<>();

    Account user(String prefix) {
        Account account = TestAccounts.signUp(prefix);
        users.add(account);
        return account;
    }

    @AfterEach
    void stopTheSessionsAndCheckNoContainerIsLeft() throws InterruptedException {
        for (Account user : users) {
            List<String> mine = user.given().get("/jupyter/api/kernels").then().statusCode(200).extract().jsonPath().getList("id");
            mine.forEach(id -> user.given().delete("/jupyter/api/kernels/" + id).then().statusCode(204));
        }
        users.clear();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Container> left = sessionContainers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = sessionContainers();
        }
        assertEquals(List.of(), left.stream().map(c -> List.of(c.getNames()) + " " + c.getLabels()).toList(),
                "no session container of this server is left");
    }

    /**
     * The session containers of this server (other servers may run sessions on the same engine at the same time); the
     * tests keep no warm session container, so every one of them is a session's.
     */
    List<Container> sessionContainers() {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ContainerSettings.SESSION_LABEL, Installation.LABEL + "=" + installation.id())).exec();
    }

    String state() {
        return browser.find("#session-state").getAttribute("data-state");
    }

    void awaitState(String expected) {
        browser.waitFor(d -> expected.equals(state()), KERNEL);
    }

    List<WebElement> cells() {
        return browser.driver.findElements(By.cssSelector("#cells .cell.code"));
    }

    String prompt(int index) {
        return cells().get(index).findElement(By.cssSelector(".prompt")).getText();
    }

    /** Whether the cell's last run has ended with its count shown ([n], not [*] while it runs). */
    boolean counted(int index) {
        return prompt(index).matches("\\[\\d+]");
    }

    String outputText(int index) {
        return cells().get(index).findElement(By.cssSelector(".outputs")).getText().strip();
    }

    /**
     * The text of the cell's HTML output, which runs in its sandboxed frame, once it holds {@code expected}: the frame
     * clips what lies beyond the height it last reported, so a frame read as soon as it is sized may show a part only.
     */
    String htmlOutput(int index, String expected) {
        WebElement frame = browser.waitFor(d -> cells().get(index).findElement(By.cssSelector(".outputs iframe.output-html[data-sized]")), KERNEL);
        browser.scrollIntoView(frame);
        browser.driver.switchTo().frame(frame);
        try {
            return browser.textContaining("body", expected).strip();
        } finally {
            browser.driver.switchTo().defaultContent();
        }
    }

    /** Waits for the cell's image output to be decoded and drawn (a data: image has no size until then). */
    void awaitImage(int index) {
        browser.waitFor(d -> cells().get(index).findElement(By.cssSelector(".outputs img[src^='data:image/png']"))
                .getSize().getWidth() > 100, KERNEL);
    }

    /** Clicks the cell's Run button, scrolled to the middle of the window (the session bar stays at the top). */
    void run(int index) {
        WebElement button = cells().get(index).findElement(By.cssSelector(".run-cell"));
        browser.script("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
    }

    void setCode(int index, String code) {
        browser.script("document.querySelectorAll('#cells .cell.code .CodeMirror')[arguments[0]].CodeMirror.setValue(arguments[1]);",
                index, code);
    }

    /** A new code cell at the end holding {@code code}. */
    void addCode(String code) {
        int before = cells().size();
        browser.click("#add-code");
        browser.waitFor(d -> cells().size() == before + 1, PAGE);
        setCode(before, code);
    }

    void shiftEnterIn(int index) {
        WebElement editor = cells().get(index).findElement(By.cssSelector(".CodeMirror-lines"));
        new Actions(browser.driver).click(editor).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
    }
}
