package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A QR code's life through the public API, on a real node with real PostgreSQL. Scans are tested
 * through both listeners: the main (pekko-http) port and the Netty scan listener.
 */
class QrLifecycleTest {

  /** Where a test sends its scans. */
  enum Listener { MAIN, SCAN_LISTENER }

  private final TestNode node = SharedNode.get();

  @ParameterizedTest
  @EnumSource(Listener.class)
  void givenCode_whenTargetChanges_thenTheVeryNextScanGoesToTheNewTargetAndHistoryShowsBoth(Listener listener) {
    ApiClient scans = scans(listener);
    String token = signUp();
    String code = create(token, "{\"target\":\"https://example.com/v1\"}").get("code").asText();
    assertEquals("https://example.com/v1", location(scans, code));

    var patched = node.patch("/api/v1/qr/" + code, token, "{\"target\":\"https://example.com/v2\"}");
    assertEquals(200, patched.statusCode(), patched.body());

    assertEquals("https://example.com/v2", location(scans, code), "the edge cache learned of the change");
    JsonNode history = TestNode.json(node.get("/api/v1/qr/" + code + "/history", token)).get("changes");
    assertEquals(2, history.size());
    assertTrue(history.get(0).get("from").isNull());
    assertEquals("https://example.com/v1", history.get(1).get("from").asText());
    assertEquals("https://example.com/v2", history.get(1).get("to").asText());
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void givenCode_whenPausedResumedArchived_thenScansGet404Then302Then410(Listener listener) {
    ApiClient scans = scans(listener);
    String token = signUp();
    String code = create(token, "{\"target\":\"https://example.com/p\"}").get("code").asText();

    node.patch("/api/v1/qr/" + code, token, "{\"status\":\"paused\"}");
    var paused = scans.get("/r/" + code, null);
    assertEquals(404, paused.statusCode());
    assertTrue(paused.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));

    node.patch("/api/v1/qr/" + code, token, "{\"status\":\"active\"}");
    assertEquals("https://example.com/p", location(scans, code));

    assertEquals("archived", TestNode.json(node.delete("/api/v1/qr/" + code, token)).get("status").asText());
    assertEquals(410, scans.get("/r/" + code, null).statusCode());
    TestNode.eventually(() ->
        TestNode.json(node.get("/api/v1/qr/" + code + "/stats", token)).get("totalScans").asLong() == 1 ? true : null);
    assertEquals(1, TestNode.json(node.get("/api/v1/qr/" + code + "/stats", token)).get("totalScans").asLong(),
        "only the scan that was redirected counts");
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void givenScansWithHeaders_whenPersisted_thenTheJournalHoldsAnonymizedScansWithoutTheIp(Listener listener)
      throws Exception {
    ApiClient scans = scans(listener);
    String token = signUp();
    String code = create(token, "{\"target\":\"https://example.com/s\"}").get("code").asText();

    var scan = scans.request("/r/" + code, null)
        .header("CF-IPCountry", "de")
        .header("Referer", "https://News.Example/article?id=1")
        .header("Accept-Language", "de-DE,de;q=0.9,en;q=0.8")
        .header("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")
        .GET().build();
    assertEquals(302, scans.send(scan).statusCode());

    String payload = TestNode.eventually(() -> scanEventPayload(code));
    JsonNode scanJson = TestNode.JSON.readTree(payload).get("scans").get(0);
    assertEquals("DE", scanJson.get("country").asText());
    assertEquals("news.example", scanJson.get("referrerHost").asText());
    assertEquals("de-DE", scanJson.get("language").asText());
    assertTrue(scanJson.get("userAgent").asText().contains("iPhone"));
    assertEquals(22, scanJson.get("visitorId").asText().length(), "128-bit id, base64url");
    assertFalse(payload.contains("127.0.0.1"), "raw IPs are never stored");
  }

  @Test
  void givenCodes_whenListed_thenOnlyOwnCodesNewestFirstWithPagingAndFilters() {
    String token = signUp();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      codes.add(create(token, "{\"target\":\"https://example.com/" + i + "\",\"tags\":[\"t" + (i % 2) + "\"]}")
          .get("code").asText());
    }

    JsonNode page = TestNode.eventually(() -> {
      JsonNode p = TestNode.json(node.get("/api/v1/qr?size=2", token));
      return p.get("total").asInt() == 3 ? p : null;
    });
    assertEquals(2, page.get("items").size());
    assertEquals(codes.get(2), page.get("items").get(0).get("code").asText());
    JsonNode second = TestNode.json(node.get("/api/v1/qr?size=2&page=1", token));
    assertEquals(codes.get(0), second.get("items").get(0).get("code").asText());
    JsonNode tagged = TestNode.json(node.get("/api/v1/qr?tag=t0", token));
    assertEquals(2, tagged.get("total").asInt());
  }

  @Test
  void givenCode_whenImageRequested_thenPngAndSvgEncodeTheShortUrl() throws Exception {
    String token = signUp();
    JsonNode created = create(token, "{\"target\":\"https://example.com/img\"}");
    String code = created.get("code").asText();

    var png = node.getBytes("/q/" + code + ".png?size=256&ecc=H");
    assertEquals(200, png.statusCode());
    assertTrue(png.headers().firstValue("Cache-Control").orElseThrow().contains("max-age"));
    var image = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertEquals(256, image.getWidth());
    var decoded = QrDecoder.decode(image);
    assertEquals(created.get("shortUrl").asText(), decoded.getText());

    var svg = node.get("/q/" + code + ".svg", null);
    assertEquals(200, svg.statusCode());
    assertTrue(svg.headers().firstValue("Content-Type").orElseThrow().startsWith("image/svg+xml"));
    assertTrue(svg.body().startsWith("<svg") || svg.body().startsWith("<?xml"));
  }

  @Test
  void givenSignedIn_whenLoggedOut_thenTheRefreshTokenNoLongerWorks() {
    JsonNode tokens = node.signUp(UUID.randomUUID() + "@example.com");
    String refresh = tokens.get("refreshToken").asText();

    var me = TestNode.json(node.get("/api/v1/me", tokens.get("accessToken").asText()));
    assertEquals("Tester", me.get("displayName").asText());
    var logout = node.post("/api/v1/auth/logout", tokens.get("accessToken").asText(),
        "{\"refreshToken\":\"" + refresh + "\"}");
    assertEquals(204, logout.statusCode());

    assertEquals(401, node.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}").statusCode());
  }

  @Test
  void jwksPublishesOnlyThePublicSigningKey() {
    JsonNode keys = TestNode.json(node.get("/.well-known/jwks.json", null)).get("keys");
    assertEquals("ES256", keys.get(0).get("alg").asText());
    assertFalse(keys.get(0).has("d"));
  }

  private String signUp() {
    return node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
  }

  private JsonNode create(String token, String body) {
    var created = node.post("/api/v1/qr", token, body);
    assertEquals(201, created.statusCode(), created.body());
    return TestNode.json(created);
  }

  private ApiClient scans(Listener listener) {
    return listener == Listener.MAIN ? node : node.scanListener();
  }

  private String location(ApiClient scans, String code) {
    var scan = scans.get("/r/" + code, null);
    assertEquals(302, scan.statusCode());
    return scan.headers().firstValue("Location").orElseThrow();
  }

  private String scanEventPayload(String code) {
    List<String> payloads = SharedNode.column("SELECT convert_from(event_payload, 'UTF8')"
        + " FROM journal.event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE"
        + " '%ScansRecorded'", "QrCode|" + code);
    return payloads.isEmpty() ? null : payloads.get(0);
  }

}
