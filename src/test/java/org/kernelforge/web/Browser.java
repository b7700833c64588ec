package org.kernelforge.web;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Debian's headless Chromium driven through chromedriver, with helpers for the journeys. */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * How long a page, a form's answer or a page's own request to the server may take: the CI runs the suite on two
     * busy cores (load 26 and more), where an answer of a second can take ten.
     */
    static final Duration PAGE = Duration.ofSeconds(30);
    private static final int DESKTOP = 1280;
    private static final int PHONE = 390;

    final WebDriver driver;
    private final URL base;
    private final Path profile;

    Browser(URL base) {
        this.base = base;
        try {
            profile = Files.createTempDirectory("kf-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + DESKTOP + ",900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
    }

    void open(String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    WebElement find(String css) {
        return waitFor(d -> d.findElement(By.cssSelector(css)), PAGE);
    }

    /**
     * The element's text once it contains {@code expected}: after a form post the element of the page before may
     * still be found (empty, or about to go stale), so the text is read until the answer has arrived.
     */
    String textContaining(String css, String expected) {
        return textContaining(css, expected, PAGE);
    }

    /** The element's text once it contains {@code expected}, waiting up to {@code timeout} (a container's answer). */
    String textContaining(String css, String expected, Duration timeout) {
        return waitFor(d -> {
            String text = d.findElement(By.cssSelector(css)).getText();
            return text.contains(expected) ? text : null;
        }, timeout);
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks the element once it is enabled: a page may hold a button back until it knows what the button is to do. */
    void click(String css) {
        waitFor(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            return element.isEnabled() ? element : null;
        }, PAGE).click();
    }

    <T> T waitFor(ExpectedCondition<T> condition, Duration timeout) {
        ExpectedCondition<T> throughNavigations = d -> {
            try {
                return condition.apply(d);
            } catch (org.openqa.selenium.WebDriverException e) {
                if (leftByNavigation(e)) {
                    return null; // the element went with the page before: look again on the new one
                }
                throw e;
            }
        };
        try {
            return new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(throughNavigations);
        } catch (org.openqa.selenium.TimeoutException e) {
            String name = "failed-" + System.currentTimeMillis();
            shot(name, DESKTOP);
            try {
                Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
            } catch (IOException ignored) {
                // the screenshot is enough
            }
            throw e;
        }
    }

    /**
     * Chromium reports an element read while its page is being replaced (after a form post) as an "unknown error"
     * rather than a stale element: "Node with given id does not belong to the document".
     */
    private static boolean leftByNavigation(org.openqa.selenium.WebDriverException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("does not belong to the document") || message.contains("Cannot find context with specified id");
    }

    /** Saves the page at desktop and phone widths: target/screenshots/{name}-1280.png and -390.png. */
    void screenshots(String name) {
        shot(name, DESKTOP);
        shot(name, PHONE);
        driver.manage().window().setSize(new Dimension(DESKTOP, 900));
    }

    private void shot(String name, int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
        try {
            Files.createDirectories(SCREENSHOTS);
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), SCREENSHOTS.resolve(name + "-" + width + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void scrollIntoView(WebElement element) {
        script("arguments[0].scrollIntoView()", element);
    }

    /**
     * Records from now on each text the element shows ({@link #recordedTexts}): a state a page shows for a moment only,
     * such as a button's "Copied", can be over before a loaded machine's next look.
     */
    void recordTexts(WebElement element) {
        script("var e = arguments[0]; e.kfTexts = [];"
                + "new MutationObserver(function () { e.kfTexts.push(e.textContent); })"
                + ".observe(e, { childList: true, characterData: true, subtree: true });", element);
    }

    @SuppressWarnings("unchecked")
    java.util.List<String> recordedTexts(WebElement element) {
        return (java.util.List<String>) script("return arguments[0].kfTexts;", element);
    }

    /** Runs this JavaScript in each page opened from now on, before the page's own scripts. */
    void beforeEachPage(String javaScript) {
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                java.util.Map.of("source", javaScript));
    }

    /** Runs JavaScript in the page (arguments[0], ...) and answers what it returns. */
    Object script(String javaScript, Object... arguments) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(javaScript, arguments);
    }

    /** Scroll width beyond the viewport: a page that fits a phone has none. */
    long horizontalOverflow() {
        Object v = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        return ((Number) v).longValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a left-over temporary profile is harmless
            }
        }
    }
}
