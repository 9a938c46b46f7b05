package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Generate → ml.generation.requested → ml service (template generator, the default) →
 * ml.generation.complete → micrositeupdates → the site's draft, over the shared node's real
 * broker; then the owner accepts (a new version) or discards.
 */
class GenerationRoundTripTest {

  private static final Duration ROUND_TRIP = Duration.ofSeconds(30);
  private final TestNode node = SharedNode.get();

  @Test
  void givenADescription_whenGenerated_thenTheTemplateDraftArrivesAndIsAcceptedAsANewVersion() {
    String alice = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String slug = MicrositeApiTest.slug();
    node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"Draft me\"}");

    var requested = node.post("/api/v1/microsites/" + slug + "/generate", alice,
        "{\"prompt\":\"A family bakery called \\\"Ada's Loaves\\\" in Berlin: sourdough bread, cakes and coffee."
            + " Order at https://ada-loaves.example/order, follow https://instagram.com/adaloaves,"
            + " mail hello@ada-loaves.example\",\"tone\":\"friendly\",\"language\":\"en\"}");
    assertEquals(202, requested.statusCode(), requested.body());
    assertEquals("PENDING", TestNode.json(requested).get("generation").get("status").asText());

    JsonNode generation = awaitGeneration(alice, slug);
    assertEquals("READY", generation.get("status").asText(), generation.toString());
    assertEquals("template", generation.get("generator").asText());
    JsonNode draft = generation.get("draft");
    assertEquals("Ada's Loaves", draft.get("title").asText());
    assertTrue(draft.get("tagline").asText().contains("bakery") && draft.get("tagline").asText().contains("Berlin"),
        draft.toString());
    String blocks = draft.get("blocks").toString();
    assertTrue(blocks.contains("\"url\":\"https://ada-loaves.example/order\"") && blocks.contains("Order online"), blocks);
    assertTrue(blocks.contains("\"network\":\"instagram\"") && blocks.contains("hello@ada-loaves.example"), blocks);
    List<JsonNode> answers = TopicReader.messages(node.kafkaBootstrap(), Topics.ML_GENERATION_COMPLETE, slug);
    assertEquals(1, answers.size());
    assertTrue(answers.get(0).get("eventId").asText().startsWith("ml:Microsite|" + slug + ":"));

    var accepted = node.post("/api/v1/microsites/" + slug + "/draft/accept", alice, "");
    assertEquals(200, accepted.statusCode(), accepted.body());
    JsonNode site = TestNode.json(accepted);
    assertEquals("Ada's Loaves", site.get("title").asText());
    assertEquals(2, site.get("version").asInt());
    assertEquals("NONE", site.get("generation").get("status").asText());
    assertEquals(409, node.post("/api/v1/microsites/" + slug + "/draft/accept", alice, "").statusCode());
  }

  @Test
  void givenADraft_whenDiscarded_thenTheContentStaysAsItWas() {
    String alice = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String slug = MicrositeApiTest.slug();
    node.post("/api/v1/microsites", alice, "{\"slug\":\"" + slug + "\",\"title\":\"Keep me\"}");
    node.post("/api/v1/microsites/" + slug + "/generate", alice, "{\"prompt\":\"yoga studio with morning classes\"}");
    assertEquals("READY", awaitGeneration(alice, slug).get("status").asText());

    var discarded = node.post("/api/v1/microsites/" + slug + "/draft/discard", alice, "");
    assertEquals(200, discarded.statusCode(), discarded.body());
    JsonNode site = TestNode.json(discarded);
    assertEquals("Keep me", site.get("title").asText());
    assertEquals(1, site.get("version").asInt());
    assertFalse(site.get("generation").hasNonNull("draft"));
  }

  private JsonNode awaitGeneration(String token, String slug) {
    return awaitGeneration(node, token, slug);
  }

  /** The site's generation once it is no longer PENDING. */
  static JsonNode awaitGeneration(TestNode node, String token, String slug) {
    return TestNode.eventually(ROUND_TRIP, () -> {
      JsonNode g = TestNode.json(node.get("/api/v1/microsites/" + slug, token)).get("generation");
      return g.get("status").asText().equals("PENDING") ? null : g;
    });
  }
}
