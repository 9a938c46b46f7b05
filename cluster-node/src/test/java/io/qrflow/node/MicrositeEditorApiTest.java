package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard's microsite editor needs from the API, on a real node: QR codes named by a
 * site must be the owner's (else 400 and nothing written), the preview of unsaved content is the
 * real rendering (escaped, CSP, no script) and changes nothing, and the template generator
 * writes the requested language or says it cannot.
 */
class MicrositeEditorApiTest {

  private final TestNode node = SharedNode.get();

  @Test
  void givenAnotherUsersCode_whenLinkedOrEmbedded_thenItIsRefusedAndNothingIsWritten() {
    String alice = token();
    String bob = token();
    String bobsCode = code(bob);
    String alicesCode = code(alice);
    String slug = MicrositeApiTest.slug();
    String path = "/api/v1/microsites/" + slug;

    var createdWithBobs = node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"T\","
        + "\"blocks\":[{\"type\":\"qr\",\"code\":\"" + bobsCode + "\"}]}");
    assertProblem(400, "blocks[0].code: '" + bobsCode + "' is not one of your QR codes", createdWithBobs);
    assertEquals(404, node.get(path, alice).statusCode(), "no site was created");

    assertEquals(201, node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"T\"}").statusCode());
    assertProblem(400, "linkedCodes[1]: '" + bobsCode + "' is not one of your QR codes",
        node.patch(path, alice, "{\"title\":\"Changed\",\"linkedCodes\":[\"" + alicesCode + "\",\"" + bobsCode + "\"]}"));
    assertProblem(400, "blocks[1].code: 'no-such-code-" + slug + "' is not one of your QR codes",
        node.patch(path, alice, "{\"blocks\":[{\"type\":\"heading\",\"text\":\"Hi\",\"level\":1},"
            + "{\"type\":\"qr\",\"code\":\"no-such-code-" + slug + "\"}]}"));
    JsonNode unchanged = TestNode.json(node.get(path, alice));
    assertEquals(1, unchanged.get("version").asInt(), "nothing written: " + unchanged);
    assertEquals("T", unchanged.get("title").asText());

    var own = node.patch(path, alice, "{\"linkedCodes\":[\"" + alicesCode + "\"],"
        + "\"blocks\":[{\"type\":\"qr\",\"code\":\"" + alicesCode + "\",\"caption\":\"Scan me\"}]}");
    assertEquals(200, own.statusCode(), own.body());
    assertEquals(alicesCode, TestNode.json(own).get("linkedCodes").get(0).asText());
  }

  @Test
  void givenUnsavedContent_whenPreviewed_thenItIsTheRealSafeRenderingAndNothingIsSaved() {
    String alice = token();
    String slug = MicrositeApiTest.slug();
    node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"Saved title\"}");
    String path = "/api/v1/microsites/" + slug + "/preview";

    var preview = node.post(path, alice, "{\"tagline\":\"Fresh <b>daily</b>\",\"theme\":{\"primaryColor\":\"#aa3300\","
        + "\"backgroundColor\":\"#ffffff\",\"textColor\":\"#111111\",\"font\":\"mono\",\"layout\":\"list\"},"
        + "\"blocks\":[{\"type\":\"markdown\",\"text\":\"**Hi** <script>alert(1)</script><img src=x onerror=alert(2)>\"},"
        + "{\"type\":\"link\",\"label\":\"Order\",\"url\":\"https://bakery.example/order\"}]}");
    assertEquals(200, preview.statusCode(), preview.body());
    assertTrue(preview.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertEquals(MicrositeApiTest.CSP, preview.headers().firstValue("Content-Security-Policy").orElse(null));
    String html = preview.body();
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"),
        "the policy travels with the HTML shown from a string: " + html);
    assertTrue(html.contains("<title>Saved title</title>") && html.contains("Fresh &lt;b&gt;daily&lt;/b&gt;")
        && html.contains("<strong>Hi</strong>"), html);
    assertFalse(html.toLowerCase().contains("<script") || html.contains("onerror="), html);
    assertTrue(html.contains("href=\"https://bakery.example/order\""), "preview links are not counted: " + html);
    String css = html.replaceAll("(?s).*<link rel=\"stylesheet\" href=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
    var stylesheet = node.get(css, alice);
    assertEquals(200, stylesheet.statusCode(), css + " " + stylesheet.body());
    assertTrue(stylesheet.body().contains("--primary:#aa3300") && stylesheet.body().contains("ui-monospace"));

    JsonNode site = TestNode.json(node.get("/api/v1/microsites/" + slug, alice));
    assertEquals(1, site.get("version").asInt(), "a preview saves nothing");
    assertTrue(site.get("blocks").isEmpty());
    assertProblem(400, "blocks[0].url: ", node.post(path, alice, "{\"blocks\":[{\"type\":\"link\",\"label\":\"x\","
        + "\"url\":\"javascript:alert(1)\"}]}"));
    assertEquals(404, node.post(path, token(), "{}").statusCode(), "another user's site");
    assertEquals(400, node.get(path + "/style.css?primaryColor=red", alice).statusCode());
  }

  @Test
  void givenGerman_whenGenerated_thenTheDraftIsGerman_andAnUnsupportedLanguageFailsVisibly() {
    String alice = token();
    String slug = MicrositeApiTest.slug();
    node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"T\"}");
    String generate = "/api/v1/microsites/" + slug + "/generate";

    assertEquals(202, node.post(generate, alice, "{\"prompt\":\"Eine Bäckerei namens \\\"Brotzeit\\\" in Köln\","
        + "\"language\":\"de\"}").statusCode());
    JsonNode german = awaitGeneration(alice, slug);
    assertEquals("READY", german.get("status").asText(), german.toString());
    assertEquals("Bäckerei & Café in Köln – herzlich und persönlich", german.get("draft").get("tagline").asText());
    assertEquals("Willkommen bei Brotzeit", german.get("draft").get("blocks").get(0).get("text").asText());
    node.post("/api/v1/microsites/" + slug + "/draft/discard", alice, "");

    assertEquals(202, node.post(generate, alice, "{\"prompt\":\"Una panetteria a Roma\",\"language\":\"it\"}")
        .statusCode());
    JsonNode italian = awaitGeneration(alice, slug);
    assertEquals("FAILED", italian.get("status").asText(), italian.toString());
    assertEquals("the built-in template generator writes [en, de, fr, es], not 'it'; choose one of these"
        + " languages", italian.get("error").asText());
  }

  private JsonNode awaitGeneration(String token, String slug) {
    return GenerationRoundTripTest.awaitGeneration(node, token, slug);
  }

  private static void assertProblem(int status, String detailStart, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertTrue(TestNode.json(response).get("detail").asText().contains(detailStart), response.body());
  }

  private String code(String token) {
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/owned\"}");
    assertEquals(201, created.statusCode(), created.body());
    return TestNode.json(created).get("code").asText();
  }

  private String token() {
    return node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
  }
}
