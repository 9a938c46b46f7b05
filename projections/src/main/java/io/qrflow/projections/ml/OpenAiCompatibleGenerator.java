package io.qrflow.projections.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qrflow.microsite.Block;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Payloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generation by any server speaking the OpenAI chat-completions API (OpenAI, Ollama, vLLM,
 * llama.cpp...): one {@code POST {base-url}/chat/completions} asking for JSON that follows
 * {@link #SCHEMA} ({@code response_format: json_schema}). Timeouts bound each attempt; rate limits,
 * server errors and network failures are retried with backoff; the answer is parsed, validated and
 * sanitized (unknown or unsafe blocks dropped) before anyone sees it. The API key is never logged.
 */
public final class OpenAiCompatibleGenerator implements ContentGenerator {

  public static final String NAME = "openai-compatible";
  private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleGenerator.class);
  private static final String SYSTEM_PROMPT = "You write the content of a one-page mobile landing page"
      + " for a small business or event. Answer only with JSON following the given schema. Use only"
      + " facts from the description; never invent prices, addresses or links. Markdown blocks may"
      + " use **bold**, lists and links; no HTML.";
  static final JsonNode SCHEMA = schema();

  private final MlSettings.OpenAi settings;
  private final HttpClient client;

  public OpenAiCompatibleGenerator(MlSettings.OpenAi settings) {
    this.settings = settings;
    this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Payloads.GeneratedContent generate(Request request) throws GenerationFailed {
    byte[] body = requestBody(request);
    String lastProblem = "no attempt made";
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      try {
        HttpResponse<String> response = client.send(httpRequest(body), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 200) return parse(response.body());
        lastProblem = "the model server answered " + status;
        if (status != 429 && status < 500) throw new GenerationFailed(lastProblem);
      } catch (IOException e) {
        lastProblem = "the model server could not be reached: " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GenerationFailed("interrupted");
      }
      log.warn("generation for {} attempt {}/{} failed: {}", request.slug(), attempt,
          settings.maxAttempts(), lastProblem);
      if (attempt < settings.maxAttempts()) pause(attempt);
    }
    throw new GenerationFailed(lastProblem);
  }

  private HttpRequest httpRequest(byte[] body) {
    var builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/chat/completions"))
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!settings.apiKey().isBlank()) builder.header("Authorization", "Bearer " + settings.apiKey());
    return builder.build();
  }

  private byte[] requestBody(Request request) {
    ObjectNode body = ContractJson.MAPPER.createObjectNode();
    body.put("model", settings.model());
    body.put("temperature", settings.temperature());
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
    messages.addObject().put("role", "user").put("content", "Description: " + request.prompt()
        + "\nTone: " + (request.tone() == null ? "friendly" : request.tone())
        + "\nLanguage: " + (request.language() == null ? "en" : request.language()));
    ObjectNode format = body.putObject("response_format");
    format.put("type", "json_schema");
    format.putObject("json_schema").put("name", "microsite").put("strict", true).set("schema", SCHEMA);
    try {
      return ContractJson.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** choices[0].message.content holds the JSON; blocks that cannot be read are dropped. */
  static Payloads.GeneratedContent parse(String responseBody) throws GenerationFailed {
    JsonNode content;
    try {
      JsonNode response = ContractJson.MAPPER.readTree(responseBody);
      String text = response.path("choices").path(0).path("message").path("content").asText(null);
      if (text == null) throw new GenerationFailed("the answer had no message content");
      content = ContractJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new GenerationFailed("the answer was not JSON");
    }
    if (content == null || !content.isObject()) throw new GenerationFailed("the answer was not a JSON object");
    List<Block> blocks = new ArrayList<>();
    for (JsonNode node : content.path("blocks")) {
      try {
        blocks.add(ContractJson.MAPPER.treeToValue(node, Block.class));
      } catch (IOException | IllegalArgumentException unreadable) {
        // an unknown block type or wrong field: left out, the others are kept
      }
    }
    return ContentSanitizer.sanitize(content.path("title").asText(null),
        content.path("tagline").asText(null), blocks);
  }

  private void pause(int attempt) throws GenerationFailed {
    try {
      Thread.sleep(settings.backoff().toMillis() * (1L << (attempt - 1)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenerationFailed("interrupted");
    }
  }

  /** title, tagline and blocks of the kinds a generated page may use (text-only kinds and links). */
  private static JsonNode schema() {
    String json = """
        {"type":"object","additionalProperties":false,"required":["title","tagline","blocks"],
         "properties":{
          "title":{"type":"string","maxLength":200},
          "tagline":{"type":"string","maxLength":200},
          "blocks":{"type":"array","maxItems":20,"items":{"anyOf":[
            {"type":"object","additionalProperties":false,"required":["type","text","level"],
             "properties":{"type":{"const":"heading"},"text":{"type":"string","maxLength":200},
              "level":{"type":"integer","minimum":1,"maximum":3}}},
            {"type":"object","additionalProperties":false,"required":["type","text"],
             "properties":{"type":{"const":"markdown"},"text":{"type":"string","maxLength":4000}}},
            {"type":"object","additionalProperties":false,"required":["type","label","url"],
             "properties":{"type":{"const":"link"},"label":{"type":"string","maxLength":200},
              "url":{"type":"string","maxLength":2048}}}]}}}}""";
    try {
      return ContractJson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
