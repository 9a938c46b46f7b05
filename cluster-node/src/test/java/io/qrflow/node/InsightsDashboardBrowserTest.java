package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.qrflow.projections.webhooks.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The insights, webhook and notification pages in a real headless Chromium against the shared
 * node: register a webhook to a local receiver (127.0.0.1 is on the node's dev allow-list), build
 * a "2 scans in 1 minute" workflow, scan over HTTP, see the firing and the delivery, replay it
 * (the receiver gets it again, signed), turn off an e-mail kind.
 */
class InsightsDashboardBrowserTest {

  private static final Duration PIPELINE = Duration.ofSeconds(60);
  private static final long TOLERANCE_SECONDS = 300;
  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

  private static TestNode node;
  private static Browser browser;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static HttpServer receiver;

  record Received(String event, String delivery, String signature, String body) {}

  @BeforeAll
  static void start() throws IOException {
    browser = Browser.start();
    node = SharedNode.get();
    driver = browser.driver;
    wait = browser.wait;
    receiver = HttpServer.create(new InetSocketAddress(SharedNode.WEBHOOK_TEST_HOST, 0), 0);
    receiver.createContext("/", exchange -> {
      var headers = exchange.getRequestHeaders();
      RECEIVED.add(new Received(headers.getFirst("X-Qrflow-Event"), headers.getFirst("X-Qrflow-Delivery"),
          headers.getFirst("X-Qrflow-Signature"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (receiver != null) receiver.stop(0);
  }

  @Test
  void givenAWorkflowToAWebhook_whenTheCodeIsScanned_thenTheDashboardShowsTheFiringAndReplaysTheDelivery()
      throws Exception {
    String code = "ins-" + UUID.randomUUID().toString().substring(0, 8);
    browser.signUp(node.baseUrl, "Insights Tester", "insights-" + UUID.randomUUID() + "@example.com",
        "a long enough password");
    createCode(code);

    // Webhook: registered in the UI, its secret shown once.
    nav("Webhooks", "Webhooks");
    String hookUrl = "http://" + SharedNode.WEBHOOK_TEST_HOST + ":" + receiver.getAddress().getPort() + "/hook";
    find(By.id("wh-url")).sendKeys(hookUrl);
    find(By.id("wh-description")).sendKeys("browser test receiver");
    assertTrue(find(By.id("wh-topic-insights-alert")).isSelected(), "alerts are chosen by default");
    browser.assertEveryFieldLabelled();
    screenshot("webhooks-register");
    find(By.id("wh-create")).click();
    browser.heading(hookUrl);
    String secret = browser.text("webhook-secret");
    assertTrue(secret.startsWith("whsec_"), secret);
    driver.navigate().refresh();
    browser.heading(hookUrl);
    assertTrue(driver.findElements(By.id("webhook-secret")).isEmpty(), "the secret is shown only once");

    // Workflow: at least 2 scans of the code within 1 minute → the webhook, no e-mail.
    nav("Insights", "Insights");
    find(By.id("new-workflow")).click();
    browser.heading("New workflow");
    find(By.id("wf-name")).sendKeys("Poster is hot");
    assertEquals("scan-threshold", new Select(find(By.id("wf-kind"))).getFirstSelectedOption()
        .getAttribute("value"));
    new Select(find(By.id("wf-kind"))).selectByValue("digest");
    assertTrue(find(By.id("wf-zone")).isDisplayed(), "a digest asks for time and zone");
    assertFalse(find(By.id("wf-threshold")).isDisplayed());
    new Select(find(By.id("wf-kind"))).selectByValue("scan-threshold");
    find(By.id("wf-target")).sendKeys(code);
    replace("wf-threshold", "2");
    replace("wf-window", "1");
    find(By.id("wf-email")).click();
    new Select(find(By.id("wf-webhook"))).selectByVisibleText(hookUrl);
    browser.assertEveryFieldLabelled();
    screenshot("workflow-editor");
    find(By.id("wf-save")).click();
    browser.heading("Insights");
    WebElement row = find(By.xpath("//table[@id='workflows']//tr[td/a[text()='Poster is hot']]"));
    assertTrue(row.getText().contains("At least 2 scans in 1 min on code " + code), row.getText());
    assertTrue(row.getText().contains("webhook " + hookUrl), row.getText());

    for (int i = 0; i < 3; i++) assertEquals(302, node.get("/r/" + code, null).statusCode());

    // The firing appears in the feed (the insights consumer works asynchronously).
    wait.withTimeout(PIPELINE).until(d -> {
      if (d.findElements(By.xpath("//table[@id='alerts']//td[a[text()='" + code + "']]")).size() == 1) return true;
      d.navigate().refresh();
      browser.heading("Insights");
      return false;
    });
    String alertRow = find(By.xpath("//table[@id='alerts']//tr[td/a[text()='" + code + "']]")).getText();
    assertTrue(alertRow.contains("Poster is hot"), alertRow);
    assertTrue(find(By.id("feed")).getText().contains(" scans this week"), find(By.id("feed")).getText());
    browser.assertEveryFieldLabelled();
    screenshot("insights");

    // The delivery in the log; the receiver got it signed with the secret shown at registration.
    nav("Webhooks", "Webhooks");
    find(By.linkText(hookUrl)).click();
    browser.heading(hookUrl);
    By delivered = By.xpath("//table[@id='deliveries']//tr[td[text()='insights.alert']][.//span[text()='delivered']]");
    wait.withTimeout(PIPELINE).until(ExpectedConditions.presenceOfElementLocated(delivered));
    WebElement deliveryRow = find(delivered);
    String deliveryId = deliveryRow.getAttribute("data-delivery");
    assertTrue(deliveryRow.getText().contains("HTTP 204"), deliveryRow.getText());
    List<Received> first = forDelivery(deliveryId);
    assertEquals(1, first.size());
    assertSigned(secret, first.get(0));
    assertTrue(first.get(0).body().contains("\"code\":\"" + code + "\""), first.get(0).body());
    screenshot("webhook-deliveries");

    deliveryRow.findElement(By.xpath(".//button[text()='Replay']")).click();
    TestNode.eventually(PIPELINE, () -> forDelivery(deliveryId).size() == 2 ? true : null);
    List<Received> both = forDelivery(deliveryId);
    assertSigned(secret, both.get(1));
    assertEquals(both.get(0).body(), both.get(1).body(), "a replay sends the same event");
    wait.withTimeout(PIPELINE).until(ExpectedConditions.textToBePresentInElementLocated(
        By.xpath("//tr[@data-delivery='" + deliveryId + "']"), "replayed 1×"));

    assertNoHorizontalScrollOnAPhone("webhook-deliveries-phone");

    // Keyboard only: the workflow's enabled switch.
    nav("Insights", "Insights");
    WebElement toggle = find(By.xpath("//tr[td/a[text()='Poster is hot']]//input[@type='checkbox']"));
    toggle.sendKeys(Keys.SPACE);
    assertFalse(toggle.isSelected());
    TestNode.eventually(() -> fetchJson("/api/v1/workflows").contains("\"enabled\":false") ? true : null);
    assertNoHorizontalScrollOnAPhone("insights-phone");

    // Notifications: opt out of insights alert e-mails; it sticks.
    nav("Notifications", "Notifications");
    WebElement alerts = find(By.id("pref-insights-alert"));
    assertTrue(alerts.isSelected(), "every kind is on by default");
    alerts.click();
    browser.assertEveryFieldLabelled();
    find(By.id("prefs-save")).click();
    wait.until(ExpectedConditions.textToBe(By.id("toast"), "Preferences saved"));
    driver.navigate().refresh();
    browser.heading("Notifications");
    assertFalse(find(By.id("pref-insights-alert")).isSelected());
    assertTrue(find(By.id("pref-qr-created")).isSelected());
    assertTrue(fetchJson("/api/v1/notifications/preferences").contains("\"insights-alert\":false"));
    // The welcome mail (and the qr-created mail, still opted in) show in the e-mail log.
    wait.withTimeout(PIPELINE).until(d -> {
      if (!d.findElements(By.xpath("//table[@id='email-log']//td[text()='welcome']")).isEmpty()) return true;
      d.navigate().refresh();
      browser.heading("Notifications");
      return false;
    });
    screenshot("notifications");
  }

  /** Pages fill in after their data arrives: wait for the element. */
  private static WebElement find(By by) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(by));
  }

  private static void createCode(String code) {
    find(By.linkText("Create")).click();
    browser.heading("Create a QR code");
    find(By.id("target")).sendKeys("https://example.com/insights");
    find(By.id("code")).sendKeys(code);
    find(By.id("create-submit")).click();
    browser.heading("QR code " + code);
    find(By.id("short-url")); // loaded: leaving earlier would let the late answer render over the next page
  }

  private static void nav(String link, String heading) {
    driver.findElement(By.cssSelector("#nav")).findElement(By.linkText(link)).click();
    browser.heading(heading);
  }

  private static void replace(String id, String value) {
    WebElement input = find(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  private static List<Received> forDelivery(String deliveryId) {
    return RECEIVED.stream().filter(r -> deliveryId.equals(r.delivery())).toList();
  }

  private static void assertSigned(String secret, Received received) {
    assertEquals("insights.alert", received.event());
    assertTrue(WebhookSignature.verify(secret, received.signature(), received.body(),
        Instant.now().getEpochSecond(), TOLERANCE_SECONDS), received.signature());
  }

  private static String fetchJson(String path) {
    return String.valueOf(((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, () => done(''));",
        path));
  }

  private static void assertNoHorizontalScrollOnAPhone(String screenshot) throws IOException {
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      // The resize reaches the page's layout a moment later; a real overflow stays and fails.
      try {
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> (Boolean) browser.js(
            "return window.innerWidth <= 400 && document.documentElement.scrollWidth <= window.innerWidth"));
      } catch (org.openqa.selenium.TimeoutException e) {
        fail("horizontal scrolling on a phone-sized screen " + browser.js("return window.innerWidth + ' < '"
            + " + document.documentElement.scrollWidth") + "; too wide: " + browser.js(
            "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
                + " > window.innerWidth + 1 || e.scrollWidth > e.clientWidth + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"));
      }
      screenshot(screenshot);
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 1300));
    }
  }

  private static void screenshot(String name) throws IOException {
    browser.screenshot(name);
  }
}
