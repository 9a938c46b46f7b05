package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.qrflow.common.EventTags;
import io.qrflow.projections.publish.KafkaPublishing;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.qrlisting.QrListingProjection;
import io.qrflow.projections.email.EmailConsumer;
import io.qrflow.projections.routing.RoutesConsumer;
import io.qrflow.projections.users.UserDirectoryConsumer;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.ShortCode;
import io.qrflow.user.UserAccount;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/admin/pipeline} on the shared node (its admin is
 * {@link SharedNode#ADMIN_EMAIL}): who may see it, and that its lag figures are the real ones.
 */
class PipelineAdminTest {

  private static final String PATH = "/api/v1/admin/pipeline";
  private static final String PASSWORD = "a long enough password";
  private static final List<String> PROJECTIONS = List.of(
      QrListingProjection.NAME, KafkaPublishing.QR_PUBLISHER, KafkaPublishing.USER_PUBLISHER);

  private final TestNode node = SharedNode.get();
  private final EventTags qrTags = QrCode.Settings.fromConfig(config()).tags();
  private final EventTags userTags = UserAccount.Settings.fromConfig(config()).tags();

  @Test
  void givenNoToken_thenThePipelineIs401() {
    var response = node.get(PATH, null);
    assertEquals(401, response.statusCode(), response.body());
    assertProblem(response, 401);
  }

  @Test
  void givenAUserWhoIsNoAdmin_thenThePipelineIs403Problem() {
    String token = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    var response = node.get(PATH, token);
    assertEquals(403, response.statusCode(), response.body());
    assertProblem(response, 403);
  }

  @Test
  void givenEventsOnEveryTag_whenTheAdminAsks_thenEveryInstanceIsListedAndAllCatchUpToLagZero() {
    String admin = adminToken();
    String owner = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    List<String> codes = qrTags.all().stream().map(tag -> create(owner, codeOn(tag))).toList();
    for (String tag : userTags.all()) register(emailOn(tag));
    assertEquals(302, node.get("/r/" + codes.get(0), null).statusCode());

    // Every tag has events now, so every instance has stored an offset; our qr.created and
    // user.registered messages alone make committed offsets of at least 20 per consumer.
    JsonNode view = TestNode.eventually(() -> {
      JsonNode v = view(admin);
      boolean projectionsCaughtUp = PROJECTIONS.stream().map(name -> projection(v, name))
          .allMatch(p -> p != null && p.get("instances").asInt() == 20 && p.get("lag").asLong() == 0);
      return projectionsCaughtUp
          && caughtUp(consumer(v, RoutesConsumer.GROUP), codes.size())
          && caughtUp(consumer(v, UserDirectoryConsumer.GROUP), userTags.count()) ? v : null;
    });

    for (String name : PROJECTIONS) {
      JsonNode offsets = projection(view, name).get("offsets");
      assertEquals(20, offsets.size(), name);
      for (JsonNode offset : offsets) {
        assertEquals("SEQ", offset.get("manifest").asText(), name);
        assertTrue(Long.parseLong(offset.get("offset").asText()) > 0, name + " " + offset);
        assertEquals(0, offset.get("lag").asLong(), name + " " + offset);
      }
    }
    JsonNode routing = consumer(view, RoutesConsumer.GROUP);
    int partitions = KafkaSettings.fromConfig(config()).partitions();
    assertEquals(3 * partitions, routing.get("partitions").size(), "every partition of 3 topics");
    assertEquals(routing.get("end").asLong(), routing.get("committed").asLong());
    assertTrue(routing.get("deadLetters").asLong() >= 0);
    JsonNode users = consumer(view, UserDirectoryConsumer.GROUP);
    assertEquals(2 * partitions, users.get("partitions").size(), "every partition of 2 topics");
    JsonNode email = consumer(view, EmailConsumer.GROUP);
    assertEquals(EmailConsumer.TOPICS.size() * partitions, email.get("partitions").size(),
        "the e-mail service is watched like every other consumer");
  }

  @Test
  void givenAPausedListingInstance_whenACodeOfItsTagIsCreated_thenItsLagCountsIt()
      throws Exception {
    String admin = adminToken();
    String owner = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String tag = qrTags.tagFor(create(owner, ShortCode.random(10)));
    Function<JsonNode, Long> lagOfTag = v -> {
      JsonNode listing = projection(v, QrListingProjection.NAME);
      if (listing == null) return null;
      for (JsonNode offset : listing.get("offsets")) {
        if (offset.get("key").asText().equals(tag)) return offset.get("lag").asLong();
      }
      return null;
    };
    TestNode.eventually(() -> Long.valueOf(0).equals(lagOfTag.apply(view(admin))) ? true : null);

    var management = ProjectionManagement.get(node.node().system());
    var id = ProjectionId.of(QrListingProjection.NAME, tag);
    management.pause(id).toCompletableFuture().get(15, TimeUnit.SECONDS);
    try {
      create(owner, codeOn(tag));
      JsonNode paused = TestNode.eventually(() -> {
        JsonNode v = view(admin);
        return Long.valueOf(1).equals(lagOfTag.apply(v)) ? v : null;
      });
      assertTrue(projection(paused, QrListingProjection.NAME).get("lag").asLong() >= 1);
    } finally {
      management.resume(id).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
    TestNode.eventually(() -> Long.valueOf(0).equals(lagOfTag.apply(view(admin))) ? true : null);
  }

  /** The admin account; other classes share the node, so it may exist already. */
  private String adminToken() {
    var registered = register(SharedNode.ADMIN_EMAIL);
    assertTrue(registered.statusCode() == 201 || registered.statusCode() == 409, registered.body());
    var login = node.post("/api/v1/auth/login", null,
        "{\"email\":\"" + SharedNode.ADMIN_EMAIL + "\",\"password\":\"" + PASSWORD + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    return TestNode.json(login).get("accessToken").asText();
  }

  private HttpResponse<String> register(String email) {
    return node.post("/api/v1/auth/register", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
            + "\",\"displayName\":\"Tester\"}");
  }

  private String create(String token, String code) {
    var created = node.post("/api/v1/qr", token,
        "{\"target\":\"https://example.com/admin\",\"code\":\"" + code + "\"}");
    assertEquals(201, created.statusCode(), created.body());
    return code;
  }

  private String codeOn(String tag) {
    String code;
    do code = "pl" + ShortCode.random(10); while (!qrTags.tagFor(code).equals(tag));
    return code;
  }

  private String emailOn(String tag) {
    String email;
    do email = "pl-" + UUID.randomUUID() + "@example.com";
    while (!userTags.tagFor(email).equals(tag));
    return email;
  }

  private JsonNode view(String token) {
    var response = node.get(PATH, token);
    assertEquals(200, response.statusCode(), response.body());
    return TestNode.json(response);
  }

  private static JsonNode projection(JsonNode view, String name) {
    for (JsonNode p : view.get("projections")) if (p.get("name").asText().equals(name)) return p;
    return null;
  }

  private static boolean caughtUp(JsonNode consumer, long minCommitted) {
    return consumer.get("lag").asLong() == 0 && consumer.get("committed").asLong() >= minCommitted;
  }

  private static JsonNode consumer(JsonNode view, String group) {
    for (JsonNode c : view.get("consumers")) if (c.get("group").asText().equals(group)) return c;
    throw new AssertionError("no consumer " + group + " in " + view);
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.startsWith("application/problem+json"), type);
    assertEquals(status, TestNode.json(response).get("status").asInt());
  }

  private Config config() {
    return node.node().system().settings().config();
  }
}
