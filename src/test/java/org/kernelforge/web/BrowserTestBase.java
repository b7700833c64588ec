package org.kernelforge.web;

import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URL;
import java.time.Duration;

/**
 * A journey in headless Chromium: each test gets a fresh browser on the test server, closed after it (after the
 * subclass's own clean-up). Waits are sized for the CI's loaded machine: {@link #PAGE} for an answer of the server,
 * {@link #KERNEL} for anything that waits on a container or a kernel, {@link #RUN} for a version's whole run.
 */
abstract class BrowserTestBase {

    static final Duration PAGE = Browser.PAGE;
    /** A container started, a kernel's answer, a run's end: seconds when idle, a minute and more at load 26. */
    static final Duration KERNEL = Duration.ofSeconds(90);
    /** A version or a scoring rerun from queued to its end (behind other runs, in a cold container). */
    static final Duration RUN = Duration.ofMinutes(3);

    @TestHTTPResource("/")
    URL base;

    Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = new Browser(base);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }
}
