package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its ChromeDriver (packages {@code chromium}, {@code chromium-driver},
 * which {@code .ci/run} installs). Without them the test is skipped, naming them, unless
 * {@code WK_EDGE_REQUIRE_TOOLS=1} says this run needs them. Every page's console errors (a refused script,
 * a CSP violation, an uncaught exception) fail {@link #assertNoConsoleErrors()}.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** @param extraArgs more Chromium flags, e.g. {@code --ignore-certificate-errors} for a box's self-signed TLS */
    public static Browser start(Path profile, String... extraArgs) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
            if ("1".equals(System.getenv("WK_EDGE_REQUIRE_TOOLS"))) {
                throw new AssertionError(message + "; WK_EDGE_REQUIRE_TOOLS=1 says this run needs them");
            }
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags that keep Chromium from reaching out to a network this machine does not have
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1024,768", "--lang=en-US", "--user-data-dir=" + profile);
        options.addArguments(extraArgs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until {@code css} shows {@code text} somewhere in it, and returns its whole text. */
    public String awaitText(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(() -> css + " never showed '" + text + "'; it shows: " + textOf(css) + " (page " + driver.getCurrentUrl()
                        + ": " + driver.findElement(By.tagName("body")).getText().lines().limit(12).toList() + ")")
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return textOf(css);
    }

    public String textOf(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "(no " + css + ")" : found.getFirst().getText();
    }

    public void type(String css, String text) {
        WebElement input = visible(css);
        input.clear();
        input.sendKeys(text);
    }

    public void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** @param expected parts of messages the test caused on purpose (e.g. {@code net::ERR_INTERNET_DISCONNECTED}) */
    public void assertNoConsoleErrors(String... expected) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                // a 4xx the page asked for on purpose is logged by Chromium too; the page shows it itself
                .filter(e -> !e.getMessage().contains("the server responded with a status of 4"))
                .map(LogEntry::getMessage)
                .filter(m -> java.util.Arrays.stream(expected).noneMatch(m::contains)).toList();
        assertThat(errors).as("the browser console").isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
