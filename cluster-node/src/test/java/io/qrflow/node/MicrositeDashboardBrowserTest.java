package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The microsite pages of the dashboard in a real headless Chromium against a real node: create a
 * site, add, edit, reorder and remove blocks of every kind with the live preview, save, publish
 * and read {@code /m/{slug}} over HTTP, see a failed generation, generate a draft with the
 * template generator and accept it, unpublish (the page is gone), delete.
 */
class MicrositeDashboardBrowserTest {

  private static TestNode node;
  private static Browser browser;
  private static WebDriver driver;
  private static WebDriverWait wait;

  @BeforeAll
  static void startBrowser() throws IOException {
    browser = Browser.start();
    node = SharedNode.get();
    driver = browser.driver;
    wait = browser.wait;
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) browser.close();
  }

  @Test
  void givenANewUser_whenBuildingAMicrositeInTheDashboard_thenItIsPublishedGeneratedAndUnpublished() throws Exception {
    String slug = "ms-" + UUID.randomUUID().toString().substring(0, 8);
    String code = "poster-" + slug;
    browser.signUp(node.baseUrl, "Site Builder", "ms-" + UUID.randomUUID() + "@example.com", "a long enough password");
    Object created = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "api('POST', '/qr', { target: 'https://bakery.example/poster', code: arguments[0] })"
        + ".then(q => done(q.code), e => done('failed: ' + e.message));", code);
    assertEquals(code, created);

    driver.findElement(By.linkText("Microsites")).click();
    browser.heading("Microsites");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ms-empty"), "No microsites yet"));
    browser.assertEveryFieldLabelled();
    driver.findElement(By.id("ms-new-title")).sendKeys("Ada's Bakery");
    driver.findElement(By.id("ms-new-slug")).sendKeys(slug);
    driver.findElement(By.id("ms-create")).click();
    browser.heading("Ada's Bakery (microsite)");
    assertTrue(browser.text("ms-status").contains("not published"), browser.text("ms-status"));

    addBlock("heading");
    browser.setValue("ms-b0-text", "Open every day");
    addBlock("markdown");
    browser.setValue("ms-b1-text", "We bake **sourdough**. <script>alert('x')</script>");
    addBlock("link");
    browser.setValue("ms-b2-label", "Order online");
    browser.setValue("ms-b2-url", "https://bakery.example/order");
    addBlock("image");
    browser.setValue("ms-b3-url", "https://bakery.example/loaf.jpg");
    browser.setValue("ms-b3-alt", "A loaf");
    addBlock("contact");
    browser.setValue("ms-b4-name", "Ada Baker");
    browser.setValue("ms-b4-email", "ada@bakery.example");
    addBlock("social");
    browser.setValue("ms-b5-url0", "https://instagram.com/adabakes");
    addBlock("qr");
    browser.setValue("ms-b6-code", code);
    browser.setValue("ms-b6-caption", "Our poster");
    addBlock("heading");
    browser.setValue("ms-b7-text", "To be removed");
    driver.findElement(By.cssSelector("[aria-label='Remove block 8']")).click();
    driver.findElement(By.cssSelector("[aria-label='Move block 2 up']")).click();
    assertEquals("Move block 1 down", driver.switchTo().activeElement().getAttribute("aria-label"),
        "the focus stays on the moved block (its up button is disabled now)");
    assertEquals(List.of("1. Text (Markdown)", "2. Heading", "3. Link button", "4. Image", "5. Contact card",
        "6. Social links", "7. QR code of another code"), legends());
    browser.assertEveryFieldLabelled();

    Thread.sleep(1_000); // let the last change's preview (300 ms debounce) arrive
    String preview = awaitPreview("/q/" + code + ".png");
    assertTrue(preview.contains("Open every day") && preview.contains("sourdough")
        && preview.contains("&lt;script&gt;alert("), "the script is shown as text: " + preview);
    // Read through the parent (the frame is same-origin but may run no script itself).
    String frame = "const d = document.getElementById('ms-preview').contentDocument; ";
    assertEquals(0L, browser.js(frame + "return d.scripts.length"), "no script element in the preview");
    assertEquals("Ada's Bakery", browser.js(frame + "return d.querySelector('h1').textContent"));
    assertEquals("Open every day", browser.js(frame + "return d.querySelectorAll('.block')[1].textContent"),
        "blocks in the edited order");
    wait.until(d -> "rgb(36, 87, 214)".equals(browser.js(frame + "const a = d.querySelector('a.button');"
        + " return a && d.defaultView.getComputedStyle(a).backgroundColor"))); // the page's stylesheet applies
    browser.js("window.scrollTo(0, 0)");
    browser.screenshot("microsite-editor");

    driver.findElement(By.id("ms-save")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ms-status"), "Version 2"));
    driver.findElement(By.id("ms-publish")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ms-status"), "published version 2"));
    assertEquals("Unpublish", browser.text("ms-publish"));
    HttpResponse<String> page = node.get("/m/" + slug, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<h3 class=\"heading\">Open every day</h3>")
        && page.body().contains("<strong>sourdough</strong>") && page.body().contains("Order online")
        && page.body().contains("src=\"/q/" + code + ".png\"") && page.body().contains("Ada Baker"), page.body());
    assertFalse(page.body().contains("<script"), page.body());
    assertEquals(MicrositeApiTest.CSP, page.headers().firstValue("Content-Security-Policy").orElse(null));

    driver.manage().window().setSize(new Dimension(390, 844));
    assertEquals(Boolean.TRUE, browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        "no horizontal scroll at 390px");
    browser.screenshot("microsite-editor-mobile");
    driver.manage().window().setSize(new Dimension(1280, 1300));

    generate("Una panetteria a Roma", "it");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ms-gen-error")));
    assertTrue(browser.text("ms-gen-error").contains("not 'it'"), browser.text("ms-gen-error"));
    browser.js("document.getElementById('ms-generation').scrollIntoView()");
    browser.screenshot("microsite-generation-failed");
    driver.findElement(By.id("ms-discard")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("ms-gen-error")));

    generate("A family bakery called \"Ada's Loaves\" in Leeds with sourdough bread and cakes,"
        + " https://ada-loaves.example/order", "en");
    // The 202 shows PENDING at once; the first poll is a second later.
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ms-gen-status"), "Generating…"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("ms-accept")));
    assertTrue(browser.text("ms-gen-status").contains("template generator"), browser.text("ms-gen-status"));
    assertTrue(browser.text("ms-draft-blocks").contains("Welcome to Ada's Loaves"), browser.text("ms-draft-blocks"));
    browser.js("document.getElementById('ms-generation').scrollIntoView()");
    browser.screenshot("microsite-draft");
    driver.findElement(By.id("ms-accept")).click();
    browser.heading("Ada's Loaves (microsite)");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ms-status"), "Version 3"));
    assertTrue(browser.text("ms-history").contains("generated draft accepted"), browser.text("ms-history"));
    String live = node.get("/m/" + slug, null).body();
    assertTrue(live.contains("Welcome to Ada&#39;s Loaves") && live.contains("Order online"),
        "the accepted draft is live: " + live);

    driver.findElement(By.id("ms-publish")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ms-status"), "not published"));
    assertEquals(404, node.get("/m/" + slug, null).statusCode(), "an unpublished page is not served");
    browser.screenshot("microsite-unpublished");

    driver.findElement(By.linkText("All microsites")).click();
    browser.heading("Microsites");
    awaitList("ms-list", "draft"); // the list is a read side: it follows shortly
    assertTrue(browser.text("ms-list").contains("Ada's Loaves"), browser.text("ms-list"));
    driver.findElement(By.linkText("Ada's Loaves")).click();
    browser.heading("Ada's Loaves (microsite)");
    driver.findElement(By.id("ms-delete")).click();
    driver.switchTo().alert().accept();
    browser.heading("Microsites");
    awaitList("ms-empty", "No microsites yet");
  }

  /** Reloads the list page until the element {@code id} shows {@code text}. */
  private static void awaitList(String id, String text) {
    wait.until(d -> {
      List<WebElement> found = d.findElements(By.id(id));
      if (!found.isEmpty() && found.get(0).getText().contains(text)) return true;
      browser.js("route()");
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return false;
    });
  }

  private static void addBlock(String kind) {
    new Select(driver.findElement(By.id("ms-add-kind"))).selectByValue(kind);
    driver.findElement(By.id("ms-add-block")).click();
  }

  private static List<String> legends() {
    return driver.findElements(By.cssSelector("#ms-blocks legend")).stream().map(WebElement::getText).toList();
  }

  private static String awaitPreview(String text) {
    wait.until(d -> String.valueOf(browser.js("return document.getElementById('ms-preview').srcdoc")).contains(text));
    return String.valueOf(browser.js("return document.getElementById('ms-preview').srcdoc"));
  }

  private static void generate(String prompt, String language) {
    browser.js("const s = document.getElementById('ms-gen-language');"
        + " if (![...s.options].some(o => o.value === arguments[0])) s.append(new Option(arguments[0], arguments[0]));"
        + " s.value = arguments[0];", language);
    driver.findElement(By.id("ms-gen-prompt")).sendKeys(prompt);
    driver.findElement(By.id("ms-generate")).click();
  }
}
