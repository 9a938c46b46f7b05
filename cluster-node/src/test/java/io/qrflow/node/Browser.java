package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for the
 * dashboard's browser tests, with the small vocabulary they share.
 *
 * <p>Missing browser binaries fail the test; {@code -Dqrflow.browser-tests=skip} skips it
 * deliberately. Screenshots go to {@code -Dqrflow.screenshots.dir} (default target/screenshots).
 */
final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(20);

  final WebDriver driver;
  final WebDriverWait wait;
  final Path downloads;
  private final Path screenshots;

  private Browser(WebDriver driver, Path downloads, Path screenshots) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, WAIT);
    this.downloads = downloads;
    this.screenshots = screenshots;
  }

  /** Starts Chromium, or skips/fails the calling test class as described above. */
  static Browser start() throws IOException {
    Assumptions.assumeFalse("skip".equals(System.getProperty("qrflow.browser-tests")),
        "browser tests skipped by -Dqrflow.browser-tests=skip");
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail("the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
          + " (apt-get install chromium chromium-driver; .ci/run does it),"
          + " or -Dqrflow.browser-tests=skip to skip it on purpose");
    }
    Path downloads = Files.createTempDirectory("qrflow-downloads");
    Path screenshots = Path.of(System.getProperty("qrflow.screenshots.dir", "target/screenshots"));
    Files.createDirectories(screenshots);
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--window-size=1280,1300",
            "--user-data-dir=" + Files.createTempDirectory("qrflow-chromium"));
    options.setExperimentalOption("prefs", Map.of(
        "download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), downloads, screenshots);
  }

  /** Signs a new user up through the dashboard's form and waits for the QR list. */
  void signUp(String baseUrl, String name, String email, String password) {
    driver.get(baseUrl + "/#/signup");
    heading("Sign up");
    driver.findElement(By.id("signup-name")).sendKeys(name);
    driver.findElement(By.id("signup-email")).sendKeys(email);
    driver.findElement(By.id("signup-password")).sendKeys(password, Keys.ENTER);
    heading("My QR codes");
  }

  void heading(String title) {
    wait.until(ExpectedConditions.textToBe(By.id("page-title"), title));
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  void setValue(String id, String value) {
    js("const el = document.getElementById(arguments[0]); el.value = arguments[1];"
        + " el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change'));",
        id, value);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void assertEveryFieldLabelled() {
    Object unlabelled = js("return [...document.querySelectorAll('input, select, textarea')]"
        + ".filter(el => !el.hidden && (!el.labels || el.labels.length === 0)).map(el => el.id)");
    assertEquals(List.of(), unlabelled, "form fields without a label");
  }

  void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), screenshots.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
