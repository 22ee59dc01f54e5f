package dev.align4j.review.browser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The base of align4j's browser tests (the review pages here; the examples' HTML report through this module's
 * test-jar): one headless Chromium per test class, driven through Debian's
 * {@code /usr/bin/chromedriver} (set explicitly, so Selenium Manager never downloads a driver or a browser).
 *
 * <p>When the browser or the driver is missing the class is skipped with a loud message — unless the environment
 * variable {@code CI} is set, where it fails: a CI machine without the browser is red, not silently green. Paths can
 * be moved with {@code -Dalign4j.chromium=...} and {@code -Dalign4j.chromedriver=...}. Screenshots go to
 * {@code <build dir>/screenshots/} (the build dir from the system property {@code align4j.build.directory}, which
 * the module's Surefire configuration sets, so {@code -Dalign4j.target=...} moves them too).
 */
public abstract class BrowserTestSupport {
  /** The browser binary (Debian's {@code chromium}). */
  public static final Path CHROMIUM =
      Path.of(System.getProperty("align4j.chromium", "/usr/bin/chromium"));

  /** The driver (Debian's {@code chromium-driver}). */
  public static final Path CHROMEDRIVER =
      Path.of(System.getProperty("align4j.chromedriver", "/usr/bin/chromedriver"));

  /** How long a wait for the page may take before the test fails. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** The browser of the running test class. */
  protected static @Nullable ChromeDriver driver;

  private static @Nullable ChromeDriverService service;

  /** A base for subclasses. */
  protected BrowserTestSupport() {}

  /** Starts the browser, or skips (fails when {@code CI} is set) when it or its driver is missing. */
  @BeforeAll
  public static void startBrowser() {
    String missing =
        !Files.isExecutable(CHROMIUM)
            ? CHROMIUM + " (apt-get install chromium)"
            : !Files.isExecutable(CHROMEDRIVER)
                ? CHROMEDRIVER + " (apt-get install chromium-driver)"
                : null;
    if (missing != null) {
      String message = "BROWSER TESTS NOT RUN: " + missing + " is missing";
      if (System.getenv("CI") != null) {
        fail(message + " and CI is set: install it (.ci/run does when it may)");
      }
      System.err.println("##### " + message + "; skipped (they fail when CI is set) #####");
      assumeTrue(false, message);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=en-US");
    service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
  }

  /** Stops the browser and its driver. */
  @AfterAll
  public static void stopBrowser() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      driver = null;
      if (service != null) {
        service.stop();
        service = null;
      }
    }
  }

  /** The running browser. */
  protected static ChromeDriver browser() {
    if (driver == null) {
      throw new IllegalStateException("no browser: startBrowser() did not run or failed");
    }
    return driver;
  }

  /** Waits until {@code condition} holds (at most {@link #WAIT}) and returns its value. */
  protected static <T> T await(ExpectedCondition<T> condition) {
    return new WebDriverWait(browser(), WAIT).until(condition);
  }

  /** The visible element with this CSS selector, once it is there. */
  protected static WebElement visible(String css) {
    return await(
        d -> {
          for (WebElement e : d.findElements(By.cssSelector(css))) {
            if (e.isDisplayed()) {
              return e;
            }
          }
          return null;
        });
  }

  /** Runs a script in the page (WebDriver's own channel: the page's CSP does not apply to it). */
  protected static @Nullable Object script(String js, Object... args) {
    return ((JavascriptExecutor) browser()).executeScript(js, args);
  }

  /** The module's build folder: {@code target} unless the build moved it ({@code -Dalign4j.target=...}). */
  protected static Path buildDirectory() {
    return Path.of(System.getProperty("align4j.build.directory", "target"));
  }

  /** Saves a PNG of the viewport as {@code <build dir>/screenshots/<name>.png} and returns its path. */
  protected static Path screenshot(String name) {
    return screenshot(buildDirectory().resolve("screenshots").resolve(name + ".png"));
  }

  /** Saves a PNG of the viewport as {@code file} (its folder created if need be) and returns it. */
  protected static Path screenshot(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Files.write(file, browser().getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the screenshot " + file, e);
    }
  }
}
