package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.projections.contracts.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node whose ml service uses the OpenAI-compatible generator against a local server speaking
 * the chat-completions protocol (JDK HttpServer): the real request shape, retries after a 503,
 * sanitizing of an unsafe answer, and an error answer when the model times out. The same node
 * runs the anomaly model with one-second windows to show a bot burst on the real broker.
 */
class OpenAiGenerationTest {

  private static final Duration ROUND_TRIP = Duration.ofSeconds(40);
  private static final AtomicInteger flakyCalls = new AtomicInteger();
  private static final AtomicInteger calls = new AtomicInteger();
  private static HttpServer modelServer;
  private static EmbeddedPostgresServer postgres;
  private static TestNode node;

  @BeforeAll
  static void start() throws IOException {
    modelServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    modelServer.createContext("/v1/chat/completions", OpenAiGenerationTest::chatCompletions);
    modelServer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    modelServer.start();
    Path dir = Files.createTempDirectory("qrflow-openai");
    postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
    node = TestNode.start(postgres.settings(5), dir, Map.of(
        "qrflow.ml.generator", "openai-compatible",
        "qrflow.ml.openai.base-url", "http://127.0.0.1:" + modelServer.getAddress().getPort() + "/v1/",
        "qrflow.ml.openai.api-key", "test-key",
        "qrflow.ml.openai.model", "test-model",
        "qrflow.ml.openai.request-timeout", "1500ms",
        "qrflow.ml.openai.backoff", "100ms",
        "qrflow.ml.anomaly.window", "1s",
        "qrflow.ml.anomaly.warmup-windows", 3,
        "qrflow.ml.anomaly.bot-min-scans", 15));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (postgres != null) postgres.close();
    if (modelServer != null) modelServer.stop(0);
  }

  @Test
  void givenAModelAnswer_thenItBecomesTheDraftAndTheRequestFollowsTheProtocol() {
    JsonNode generation = generate("A flower shop in Leipzig");
    assertEquals("READY", generation.get("status").asText(), generation.toString());
    assertEquals("openai-compatible", generation.get("generator").asText());
    assertEquals("Blumen Anna", generation.get("draft").get("title").asText());
    assertEquals(3, generation.get("draft").get("blocks").size());
  }

  @Test
  void givenAServerErrorFirst_thenTheRetrySucceeds() {
    JsonNode generation = generate("flaky: a bike repair shop");
    assertEquals("READY", generation.get("status").asText(), generation.toString());
    assertEquals(2, flakyCalls.get(), "one 503, then one answer");
  }

  @Test
  void givenAnUnsafeAnswer_thenScriptLinksAndUnknownBlocksAreDropped() {
    JsonNode draft = generate("unsafe: a bakery").get("draft");
    String blocks = draft.get("blocks").toString();
    assertEquals(1, draft.get("blocks").size(), blocks);
    assertTrue(!blocks.contains("javascript") && !blocks.contains("script"), blocks);
    assertEquals("Safe heading", draft.get("blocks").get(0).get("text").asText());
  }

  @Test
  void givenAModelThatNeverAnswersInTime_thenTheOwnerSeesAnErrorNotAHang() {
    JsonNode generation = generate("slow: a museum");
    assertEquals("FAILED", generation.get("status").asText(), generation.toString());
    assertTrue(generation.get("error").asText().contains("could not be reached"), generation.toString());
  }

  @Test
  void givenOneVisitorScanningInBursts_thenABotBurstIsDetectedWithEvidence() throws Exception {
    String token = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    var qr = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/burst\"}");
    String code = TestNode.json(qr).get("code").asText();
    for (int window = 0; window < 4; window++) {
      assertEquals(302, node.get("/r/" + code, null).statusCode());
      Thread.sleep(1_100);
    }
    for (int i = 0; i < 30; i++) node.get("/r/" + code, null); // one client: one visitor id
    Thread.sleep(1_100);
    node.get("/r/" + code, null); // closes the burst's window

    List<JsonNode> alerts = TestNode.eventually(ROUND_TRIP, () -> {
      var found = TopicReader.messages(node.kafkaBootstrap(), Topics.ML_ANOMALY_DETECTED, code);
      return found.stream().anyMatch(a -> a.get("payload").get("kind").asText().equals("bot-burst")) ? found : null;
    });
    JsonNode bot = alerts.stream().filter(a -> a.get("payload").get("kind").asText().equals("bot-burst"))
        .findFirst().orElseThrow().get("payload");
    assertTrue(bot.get("observed").asDouble() >= 30, bot.toString());
    assertTrue(bot.get("evidence").get("topVisitorScans").asInt() >= 30, bot.toString());
  }

  private JsonNode generate(String prompt) {
    String token = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String slug = MicrositeApiTest.slug();
    node.post("/api/v1/microsites", token, "{\"slug\":\"" + slug + "\",\"title\":\"T\"}");
    var requested = node.post("/api/v1/microsites/" + slug + "/generate", token,
        "{\"prompt\":\"" + prompt + "\",\"language\":\"de\"}");
    assertEquals(202, requested.statusCode(), requested.body());
    return TestNode.eventually(ROUND_TRIP, () -> {
      JsonNode g = TestNode.json(node.get("/api/v1/microsites/" + slug, token)).get("generation");
      return g.get("status").asText().equals("PENDING") ? null : g;
    });
  }

  /** The chat-completions endpoint: checks the request like a real server would, then answers. */
  private static void chatCompletions(HttpExchange exchange) throws IOException {
    calls.incrementAndGet();
    JsonNode request = ApiClient.JSON.readTree(exchange.getRequestBody());
    boolean wellFormed = "Bearer test-key".equals(exchange.getRequestHeaders().getFirst("Authorization"))
        && "test-model".equals(request.path("model").asText())
        && "json_schema".equals(request.path("response_format").path("type").asText())
        && request.path("response_format").path("json_schema").path("schema").path("properties").has("blocks")
        && request.path("messages").size() == 2;
    if (!wellFormed) {
      respond(exchange, 400, "{\"error\":{\"message\":\"bad request\"}}");
      return;
    }
    String prompt = request.path("messages").get(1).path("content").asText();
    String content;
    if (prompt.contains("slow:")) {
      sleep(5_000);
      content = answer("Too late", "[]");
    } else if (prompt.contains("flaky:") && flakyCalls.incrementAndGet() == 1) {
      respond(exchange, 503, "{\"error\":{\"message\":\"overloaded\"}}");
      return;
    } else if (prompt.contains("unsafe:")) {
      content = answer("Bakery", "[{\"type\":\"link\",\"label\":\"x\",\"url\":\"javascript:alert(1)\"},"
          + "{\"type\":\"script\",\"text\":\"alert(1)\"},{\"type\":\"heading\",\"text\":\"Safe heading\",\"level\":2}]");
    } else {
      content = answer("Blumen Anna", "[{\"type\":\"heading\",\"text\":\"Willkommen\",\"level\":1},"
          + "{\"type\":\"markdown\",\"text\":\"Frische **Blumen** jeden Tag.\"},"
          + "{\"type\":\"link\",\"label\":\"Bestellen\",\"url\":\"https://blumen-anna.example\"}]");
    }
    ObjectNode response = ApiClient.JSON.createObjectNode();
    response.put("id", "chatcmpl-" + calls.get()).put("object", "chat.completion").put("model", "test-model");
    ObjectNode choice = response.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    respond(exchange, 200, response.toString());
  }

  private static String answer(String title, String blocks) {
    return "{\"title\":\"" + title + "\",\"tagline\":\"Tagline\",\"blocks\":" + blocks + "}";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException clientGone) {
      // the generator timed out and closed the connection
    } finally {
      exchange.close();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
