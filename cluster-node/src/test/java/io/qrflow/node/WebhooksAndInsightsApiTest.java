package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.qrflow.projections.webhooks.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /api/v1/webhooks}, {@code /api/v1/workflows} and {@code /api/v1/insights} on the shared
 * node: SSRF targets and bad input are 400s that store nothing, secrets are shown once, everything
 * is owner-scoped, and a registered receiver gets signed events, including a workflow's alert.
 */
class WebhooksAndInsightsApiTest {

  private static final Duration DELIVERY = Duration.ofSeconds(60);
  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  private static HttpServer receiver;
  private final TestNode node = SharedNode.get();

  record Received(String event, String signature, String body) {}

  @BeforeAll
  static void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(SharedNode.WEBHOOK_TEST_HOST, 0), 0);
    receiver.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("X-Qrflow-Event"),
          exchange.getRequestHeaders().getFirst("X-Qrflow-Signature"), body));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://10.0.0.1/hook", "https://127.0.0.2/hook", "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hook", "https://[::ffff:10.0.0.1]/hook", "https://[fe80::1]/hook", "https://localhost/hook",
      "https://100.64.0.1/hook", "https://0.0.0.0/hook", "http://example.com/hook", "https://user:pw@example.com/hook",
      "gopher://example.com/"})
  void givenAnSsrfTarget_whenRegistered_thenProblem400AndNothingStored(String url) {
    String token = token();
    var response = node.post("/api/v1/webhooks", token, "{\"url\":\"" + url + "\",\"topics\":[\"qr.created\"]}");
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertTrue(TestNode.json(response).get("detail").asText().contains("'url'"), response.body());
    assertEquals(0, TestNode.json(node.get("/api/v1/webhooks", token)).size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"url\":\"https://example.com/h\",\"topics\":[]}",
      "{\"url\":\"https://example.com/h\",\"topics\":[\"user.registered\"]}",
      "{\"url\":\"https://example.com/h\",\"topics\":[\"qr.created\",\"qr.created\"]}",
      "{\"url\":\"https://example.com/h\"}", "{\"topics\":[\"qr.created\"]}",
      "{\"url\":\"https://example.com/h\",\"topics\":[\"qr.created\"],\"secret\":\"mine\"}", "[]"})
  void givenBadWebhookInput_thenProblem400(String body) {
    var response = node.post("/api/v1/webhooks", token(), body);
    assertEquals(400, response.statusCode(), response.body());
  }

  @Test
  void givenAWebhook_thenItsSecretIsShownOnceRotatesAndOtherUsersSee404() {
    String token = token();
    String other = token();
    JsonNode created = create(token, "https://example.com/qrflow", "[\"qr.created\",\"qr.scanned\"]");
    String id = created.get("id").asText();
    assertTrue(created.get("secret").asText().startsWith("whsec_"));
    JsonNode listed = TestNode.json(node.get("/api/v1/webhooks", token));
    assertEquals(1, listed.size());
    assertFalse(listed.get(0).has("secret"), "the secret is never shown again");
    assertFalse(TestNode.json(node.get("/api/v1/webhooks/" + id, token)).has("secret"));

    for (var response : List.of(node.get("/api/v1/webhooks/" + id, other),
        node.get("/api/v1/webhooks/" + id + "/deliveries", other),
        node.post("/api/v1/webhooks/" + id + "/rotate-secret", other, ""),
        node.delete("/api/v1/webhooks/" + id, other),
        node.get("/api/v1/webhooks/not-a-uuid", token),
        node.post("/api/v1/webhooks/" + id + "/deliveries/" + UUID.randomUUID() + "/replay", token, ""))) {
      assertEquals(404, response.statusCode(), response.body());
    }
    var rotated = node.post("/api/v1/webhooks/" + id + "/rotate-secret", token, "");
    assertEquals(200, rotated.statusCode(), rotated.body());
    assertNotEquals(created.get("secret").asText(), TestNode.json(rotated).get("secret").asText());
    assertEquals(204, node.delete("/api/v1/webhooks/" + id, token).statusCode());
    assertEquals(404, node.get("/api/v1/webhooks/" + id, token).statusCode());
  }

  @Test
  void givenAReceiver_whenACodeIsCreatedAndFirstScanned_thenItGetsTheSignedEventAndTheWorkflowAlert() {
    String token = token();
    String url = "http://" + SharedNode.WEBHOOK_TEST_HOST + ":" + receiver.getAddress().getPort() + "/in";
    JsonNode hook = create(token, url, "[\"qr.created\"]");
    String secret = hook.get("secret").asText();
    String hookId = hook.get("id").asText();
    var workflow = node.post("/api/v1/workflows", token, "{\"name\":\"first\",\"trigger\":{\"kind\":\"first-scan\"},"
        + "\"actions\":{\"webhookEndpointId\":\"" + hookId + "\"}}");
    assertEquals(201, workflow.statusCode(), workflow.body());
    String code = "wh" + UUID.randomUUID().toString().substring(0, 8);
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/wh\",\"code\":\"" + code + "\"}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(302, node.get("/r/" + code, null).statusCode());

    Received qrCreated = TestNode.eventually(DELIVERY, () -> find("qr.created", code));
    assertTrue(WebhookSignature.verify(secret, qrCreated.signature(), qrCreated.body(),
        Instant.now().getEpochSecond(), 300), qrCreated.signature());
    Received alert = TestNode.eventually(DELIVERY, () -> find("insights.alert", code));
    assertTrue(WebhookSignature.verify(secret, alert.signature(), alert.body(), Instant.now().getEpochSecond(), 300));
    JsonNode payload = parse(alert.body()).get("payload");
    assertEquals("First scan of " + code, payload.get("title").asText());
    assertEquals(TestNode.json(workflow).get("id").asText(), payload.get("workflowId").asText());

    // The receiver answered; the sender records the outcome just after.
    JsonNode log = TestNode.eventually(() -> {
      JsonNode items = TestNode.json(node.get("/api/v1/webhooks/" + hookId + "/deliveries", token)).get("items");
      for (JsonNode delivery : items) if (!delivery.get("status").asText().equals("delivered")) return null;
      return items;
    });
    assertEquals(2, log.size(), log.toString());
    for (JsonNode delivery : log) {
      assertEquals("delivered", delivery.get("status").asText());
      assertEquals(204, delivery.get("log").get(0).get("statusCode").asInt());
    }
    String deliveryId = log.get(0).get("id").asText();
    assertEquals(202, node.post("/api/v1/webhooks/" + hookId + "/deliveries/" + deliveryId + "/replay", token, "").statusCode());
    JsonNode insights = TestNode.json(node.get("/api/v1/insights?zone=Europe/Berlin", token));
    assertEquals(1, insights.get("weekOverWeek").get("thisWeek").asInt());
    assertEquals("First scan of " + code, insights.get("alerts").get(0).get("title").asText());
  }

  @Test
  void givenWorkflowInput_thenCrudIsOwnerScopedAndBadInputIs400() {
    String token = token();
    String other = token();
    String otherHook = create(other, "https://example.com/other", "[\"qr.created\"]").get("id").asText();
    for (String body : List.of("{}", "{\"name\":\"x\",\"trigger\":{\"kind\":\"sometimes\"},\"actions\":{\"email\":true}}",
        "{\"name\":\"x\",\"trigger\":{\"kind\":\"scan-threshold\",\"code\":\"a\"},\"actions\":{\"email\":true}}",
        "{\"name\":\"x\",\"trigger\":{\"kind\":\"scan-threshold\",\"code\":\"a\",\"tag\":\"t\",\"threshold\":5,\"windowMinutes\":10},\"actions\":{\"email\":true}}",
        "{\"name\":\"x\",\"trigger\":{\"kind\":\"digest\",\"period\":\"hourly\",\"time\":\"25:00\",\"zone\":\"Mars/Base\"},\"actions\":{\"email\":true}}",
        "{\"name\":\"x\",\"trigger\":{\"kind\":\"first-scan\"},\"actions\":{\"email\":false}}",
        "{\"name\":\"x\",\"trigger\":{\"kind\":\"first-scan\"},\"actions\":{\"webhookEndpointId\":\"" + otherHook + "\"}}",
        "{\"name\":\"x\",\"trigger\":{\"kind\":\"first-scan\"},\"actions\":{\"webhookEndpointId\":\"nope\"}}")) {
      var response = node.post("/api/v1/workflows", token, body);
      assertEquals(400, response.statusCode(), body + " -> " + response.body());
    }
    assertEquals(0, TestNode.json(node.get("/api/v1/workflows", token)).size(), "nothing stored");

    var created = node.post("/api/v1/workflows", token, "{\"name\":\"weekly\",\"trigger\":{\"kind\":\"digest\","
        + "\"period\":\"weekly\",\"day\":\"MONDAY\",\"time\":\"09:00\",\"zone\":\"Europe/Berlin\"},\"actions\":{\"email\":true}}");
    assertEquals(201, created.statusCode(), created.body());
    String id = TestNode.json(created).get("id").asText();
    var updated = node.send(node.request("/api/v1/workflows/" + id, token).header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"hot\",\"enabled\":false,\"trigger\":{\"kind\":"
            + "\"scan-threshold\",\"tag\":\"print\",\"threshold\":100,\"windowMinutes\":60},\"actions\":{\"email\":true}}")).build());
    assertEquals(200, updated.statusCode(), updated.body());
    JsonNode read = TestNode.json(node.get("/api/v1/workflows/" + id, token));
    assertEquals("hot", read.get("name").asText());
    assertEquals(false, read.get("enabled").asBoolean());
    assertEquals(100, read.get("trigger").get("threshold").asInt());
    assertEquals(404, node.get("/api/v1/workflows/" + id, other).statusCode());
    assertEquals(404, node.delete("/api/v1/workflows/" + id, other).statusCode());
    assertEquals(204, node.delete("/api/v1/workflows/" + id, token).statusCode());
    assertEquals(404, node.get("/api/v1/workflows/" + id, token).statusCode());
    HttpResponse<String> badZone = node.get("/api/v1/insights?zone=Mars/Base", token);
    assertEquals(400, badZone.statusCode(), badZone.body());
  }

  private Received find(String event, String code) {
    return RECEIVED.stream().filter(r -> event.equals(r.event()) && r.body().contains("\"code\":\"" + code + "\""))
        .findFirst().orElse(null);
  }

  private JsonNode create(String token, String url, String topics) {
    var response = node.post("/api/v1/webhooks", token, "{\"url\":\"" + url + "\",\"topics\":" + topics + "}");
    assertEquals(201, response.statusCode(), response.body());
    return TestNode.json(response);
  }

  private String token() {
    return node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
  }

  private static JsonNode parse(String body) {
    try {
      return TestNode.JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
