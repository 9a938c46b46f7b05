package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.contracts.Topics;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Microsites on a real node: the owner's API, the public page with its CSP, counted views and
 * clicks, the read side, the published topics, and a QR code pointing at a page.
 */
class MicrositeApiTest {

  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' https: http:;"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String BLOCKS = """
      [{"type":"heading","text":"Open daily","level":1},
       {"type":"markdown","text":"We bake **bread**. <script>alert(1)</script> <img src=x onerror=alert(2)>"},
       {"type":"link","label":"Order","url":"https://bakery.example/order"},
       {"type":"contact","name":"Ada Baker","phone":"+49 30 123","email":"ada@bakery.example"},
       {"type":"social","links":[{"network":"instagram","url":"https://instagram.com/ada"}]},
       {"type":"qr","code":"%CODE%","caption":"Spring"}]""";

  private final TestNode node = SharedNode.get();

  @Test
  void givenAPublishedSite_thenThePageIsSafeCountsViewsAndClicksAndEverythingIsPublished() {
    String alice = token();
    String slug = slug();
    String code = "spring-" + slug; // embedded QR codes must be the owner's
    assertEquals(201, node.post("/api/v1/qr", alice, "{\"target\":\"https://bakery.example/spring\",\"code\":\""
        + code + "\"}").statusCode());
    var created = node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"Ada's Bakery\","
        + "\"tagline\":\"Fresh daily\",\"theme\":{\"primaryColor\":\"#aa3300\",\"backgroundColor\":\"#fffdf8\","
        + "\"textColor\":\"#222222\",\"font\":\"serif\",\"layout\":\"cards\"},\"blocks\":"
        + BLOCKS.replace("%CODE%", code) + "}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(1, TestNode.json(created).get("version").asInt());
    assertPage404(node.get("/m/" + slug, null));

    var published = node.post("/api/v1/microsites/" + slug + "/publish", alice, "");
    assertEquals(200, published.statusCode(), published.body());
    var page = node.get("/m/" + slug, null);
    assertEquals(200, page.statusCode());
    assertEquals(CSP, page.headers().firstValue("Content-Security-Policy").orElse(null));
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("Ada&#39;s Bakery") && page.body().contains("<strong>bread</strong>"), page.body());
    assertFalse(page.body().toLowerCase().contains("<script") || page.body().contains("<img src=x"), page.body());
    assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text, inert");
    var css = node.get("/m/" + slug + "/style.css?v=1", null);
    assertTrue(css.body().contains("--primary:#aa3300") && css.body().contains("Georgia"), css.body());
    var click = node.get("/m/" + slug + "/go/0", null);
    assertEquals(302, click.statusCode());
    assertEquals("https://bakery.example/order", click.headers().firstValue("Location").orElse(null));
    assertEquals(404, node.get("/m/" + slug + "/go/9", null).statusCode());
    var vcard = node.get("/m/" + slug + "/contact/3.vcf", null);
    assertEquals(200, vcard.statusCode());
    assertTrue(vcard.headers().firstValue("Content-Type").orElse("").startsWith("text/vcard"));
    assertTrue(vcard.body().startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Baker\r\n"), vcard.body());

    var renamed = node.patch("/api/v1/microsites/" + slug, alice, "{\"title\":\"Ada's Bread\"}");
    assertEquals(2, TestNode.json(renamed).get("version").asInt(), renamed.body());
    assertTrue(node.get("/m/" + slug, null).body().contains("Ada&#39;s Bread"), "the edge dropped its cached page");

    JsonNode details = TestNode.eventually(() -> {
      JsonNode d = TestNode.json(node.get("/api/v1/microsites/" + slug, alice));
      return d.get("views").asLong() == 2 && d.get("clicks").asLong() == 1 ? d : null;
    });
    assertEquals(List.of(1, 2), versions(details));
    JsonNode row = TestNode.eventually(() -> {
      for (JsonNode item : TestNode.json(node.get("/api/v1/microsites", alice)).get("items")) {
        if (item.get("slug").asText().equals(slug) && item.get("views").asLong() == 2) return item;
      }
      return null;
    });
    assertEquals("Ada's Bread", row.get("title").asText());
    assertTrue(row.get("published").asBoolean());
    assertEquals(1, row.get("clicks").asLong());

    String kafka = node.kafkaBootstrap();
    assertEquals(1, TestNode.eventually(() -> nonEmpty(TopicReader.messages(kafka, Topics.MICROSITE_CREATED, slug))).size());
    var publishedMessage = TestNode.eventually(() -> nonEmpty(TopicReader.messages(kafka, Topics.MICROSITE_PUBLISHED, slug))).get(0);
    assertTrue(publishedMessage.get("payload").get("published").asBoolean());
    List<JsonNode> analytics = TestNode.eventually(() -> {
      var m = TopicReader.messages(kafka, Topics.ANALYTICS_EVENT, slug);
      return m.size() == 3 ? m : null;
    });
    assertEquals(List.of("view", "click", "view"), analytics.stream().map(m -> m.get("payload").get("kind").asText()).toList());
    assertEquals("https://bakery.example/order", analytics.get(1).get("payload").get("target").asText());
  }

  @Test
  void givenAlicesSite_whenBobTouchesIt_thenEveryAnswerIs404AndNothingChanges() {
    String alice = token();
    String bob = token();
    String slug = create(alice);
    String path = "/api/v1/microsites/" + slug;

    List<HttpResponse<String>> answers = List.of(node.get(path, bob),
        node.patch(path, bob, "{\"title\":\"Mine\"}"), node.post(path + "/publish", bob, ""),
        node.post(path + "/generate", bob, "{\"prompt\":\"a shop\"}"), node.post(path + "/draft/accept", bob, ""),
        node.delete(path, bob));
    for (var answer : answers) {
      assertEquals(404, answer.statusCode(), answer.body());
      assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
    var mine = TestNode.json(node.get(path, alice));
    assertEquals("Bakery", mine.get("title").asText());
    assertFalse(mine.get("published").asBoolean());
    assertEquals(401, node.get("/api/v1/microsites", null).statusCode());
  }

  @Test
  void givenBadInput_thenProblem4xxAndNothingIsCreated() {
    String alice = token();
    String slug = slug();
    List<String> bodies = List.of(
        "{\"slug\":\"api\",\"title\":\"T\"}",
        "{\"slug\":\"Bad Slug\",\"title\":\"T\"}",
        "{\"slug\":\"" + slug + "\"}",
        "{\"slug\":\"" + slug + "\",\"title\":\"T\",\"blocks\":[{\"type\":\"link\",\"label\":\"x\",\"url\":\"javascript:alert(1)\"}]}",
        "{\"slug\":\"" + slug + "\",\"title\":\"T\",\"blocks\":[{\"type\":\"script\",\"text\":\"x\"}]}",
        "{\"slug\":\"" + slug + "\",\"title\":\"T\",\"theme\":{\"primaryColor\":\"red;}body{x:y\",\"backgroundColor\":\"#ffffff\",\"textColor\":\"#000000\",\"font\":\"serif\",\"layout\":\"cards\"}}",
        "{\"slug\":\"" + slug + "\",\"title\":\"T\",\"owner\":\"someone\"}",
        "[]");
    for (String body : bodies) {
      var answer = node.post("/api/v1/microsites", alice, body);
      assertEquals(400, answer.statusCode(), body + " -> " + answer.body());
      assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
    assertEquals(404, node.get("/api/v1/microsites/" + slug, alice).statusCode());
    String taken = create(alice);
    assertEquals(409, node.post("/api/v1/microsites", token(), "{\"slug\":\"" + taken + "\",\"title\":\"T\"}").statusCode());
    var badGenerate = node.post("/api/v1/microsites/" + taken + "/generate", alice, "{\"prompt\":\"x\",\"tone\":\"evil\"}");
    assertEquals(400, badGenerate.statusCode(), badGenerate.body());
    assertPage404(node.get("/m/no-such-site-here", null));
    assertPage404(node.get("/m/%3Cscript%3E", null));
  }

  @Test
  void givenAQrCodeTargetingAPage_whenScanned_thenTheVisitorLandsOnThePage() {
    String alice = token();
    String slug = create(alice);
    node.post("/api/v1/microsites/" + slug + "/publish", alice, "");
    String pageUrl = node.baseUrl + "/m/" + slug;
    var qr = node.post("/api/v1/qr", alice, "{\"target\":\"" + pageUrl + "\"}");
    assertEquals(201, qr.statusCode(), qr.body());

    var scan = node.get("/r/" + TestNode.json(qr).get("code").asText(), null);
    assertEquals(302, scan.statusCode());
    String location = scan.headers().firstValue("Location").orElseThrow();
    assertEquals(pageUrl, location);
    assertEquals(200, node.get(location.substring(node.baseUrl.length()), null).statusCode());
  }

  @Test
  void givenASite_whenDeleted_thenPageAndApiAre404AndTheSlugIsFreeAgain() {
    String alice = token();
    String slug = create(alice);
    node.post("/api/v1/microsites/" + slug + "/publish", alice, "");
    assertEquals(200, node.get("/m/" + slug, null).statusCode());

    assertEquals(204, node.delete("/api/v1/microsites/" + slug, alice).statusCode());
    assertPage404(node.get("/m/" + slug, null));
    assertEquals(404, node.get("/api/v1/microsites/" + slug, alice).statusCode());
    TestNode.eventually(() -> SharedNode.column(
        "SELECT slug FROM microsite_service.microsites WHERE slug = ?", slug).isEmpty() ? true : null);
    assertEquals(201, node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"Again\"}").statusCode());
  }

  private void assertPage404(HttpResponse<String> page) {
    assertEquals(404, page.statusCode(), page.body());
    assertEquals(CSP, page.headers().firstValue("Content-Security-Policy").orElse(null));
  }

  private String create(String token) {
    String slug = slug();
    var created = node.post("/api/v1/microsites", token, "{\"slug\":\"" + slug + "\",\"title\":\"Bakery\"}");
    assertEquals(201, created.statusCode(), created.body());
    return slug;
  }

  private String token() {
    return node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
  }

  static String slug() {
    return "site-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<Integer> versions(JsonNode details) {
    List<Integer> numbers = new java.util.ArrayList<>();
    details.get("versions").forEach(v -> numbers.add(v.get("number").asInt()));
    return numbers;
  }

  private static <T> List<T> nonEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }
}
