package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.publish.KafkaPublishing;
import io.qrflow.projections.routing.RoutesConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.junit.jupiter.api.Test;

/**
 * The event backbone on a real node with its real KRaft broker and PostgreSQL: what is
 * published, in which order, and that consumers count nothing twice when messages come again.
 */
class KafkaPipelineTest {

  private static final int SCANS_PER_CODE = 120;
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration REPUBLISH = Duration.ofSeconds(90);
  private final TestNode node = SharedNode.get();

  @Test
  void givenScansAndChanges_thenOneQrScannedPerScanDistinctIdsInOrderPerCode() {
    String token = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    List<String> codes = List.of(create(token), create(token), create(token));
    for (int i = 0; i < SCANS_PER_CODE; i++) {
      for (String code : codes) assertEquals(302, node.get("/r/" + code, null).statusCode());
      if (i == SCANS_PER_CODE / 2) {
        node.patch("/api/v1/qr/" + codes.get(0), token, "{\"target\":\"https://example.com/changed\"}");
      }
    }

    Map<String, List<JsonNode>> scanned = TestNode.eventually(() -> {
      Map<String, List<JsonNode>> byCode = readAll(Topics.QR_SCANNED, Set.copyOf(codes));
      return byCode.values().stream().mapToInt(List::size).sum() == codes.size() * SCANS_PER_CODE
          ? byCode : null;
    });
    Set<String> ids = new HashSet<>();
    for (String code : codes) {
      List<JsonNode> messages = scanned.get(code);
      assertEquals(SCANS_PER_CODE, messages.size(), code);
      List<Instant> times = messages.stream()
          .map(m -> Instant.parse(m.get("payload").get("scannedAt").asText()))
          .toList();
      assertEquals(times.stream().sorted().toList(), times, "scans of " + code + " in order");
      messages.forEach(m -> ids.add(m.get("eventId").asText()));
    }
    assertEquals(codes.size() * SCANS_PER_CODE, ids.size(), "every eventId distinct");
    List<JsonNode> updates = TestNode.eventually(() -> {
      var u = readAll(Topics.QR_UPDATED, Set.of(codes.get(0))).get(codes.get(0));
      return u != null && !u.isEmpty() ? u : null;
    });
    assertEquals("https://example.com/changed", updates.get(0).get("payload").get("target").asText());
  }

  @Test
  void givenPublishedEvents_whenThePublisherStartsOverFromZero_thenConsumersCountNothingTwice() throws Exception {
    String email = UUID.randomUUID() + "@example.com";
    node.signUp(email); // one registration and one login
    node.post("/api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"a long enough password\"}");
    String token = node.post("/api/v1/auth/login", null,
        "{\"email\":\"" + email + "\",\"password\":\"a long enough password\"}").body();
    String access = TestNode.JSON.readTree(token).get("accessToken").asText();
    String code = create(access);
    // The shared node's publishers may still be working through earlier tests' events.
    TestNode.eventually(REPUBLISH, () -> logins(email) == 3 && routeTarget(code) != null ? true : null);

    // Every publisher instance forgets its offset and publishes the whole journal again.
    var management = ProjectionManagement.get(node.node().system());
    for (int tag = 0; tag < 20; tag++) {
      management.clearOffset(ProjectionId.of(KafkaPublishing.USER_PUBLISHER, "user-" + tag)).toCompletableFuture().get();
      management.clearOffset(ProjectionId.of(KafkaPublishing.QR_PUBLISHER, "qr-" + tag)).toCompletableFuture().get();
    }

    // Republishing the whole journal of this JVM's tests (thousands of scans) takes a while.
    TestNode.eventually(REPUBLISH, () -> readAll(Topics.USER_LOGGED_IN, null).values().stream().flatMap(List::stream)
        .filter(m -> m.get("payload").get("email").asText().equals(email)).count() >= 6 ? true : null);
    TestNode.eventually(REPUBLISH, () -> readAll(Topics.QR_CREATED, Set.of(code)).getOrDefault(code, List.of()).size() >= 2 ? true : null);
    Thread.sleep(2_000); // give the consumers time to (wrongly) apply the copies
    assertEquals(3, logins(email), "redelivered logins are not counted again");
    assertEquals("https://example.com/pipeline", routeTarget(code));
  }

  @Test
  void givenAPoisonMessage_thenItGoesToDeadLettersAndTheConsumerMovesOn() throws Exception {
    try (var producer = new KafkaProducer<String, String>(producerProps())) {
      producer.send(new ProducerRecord<>(Topics.QR_CREATED, "poison", "{not json")).get();
      producer.send(new ProducerRecord<>(Topics.QR_CREATED, "poison2",
          "{\"eventId\":\"poison-2\",\"payload\":{\"code\":\"poison2\"}}")).get();
    }
    String token = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String code = create(token);

    TestNode.eventually(() -> routeTarget(code) != null ? true : null);
    List<String> reasons = TestNode.eventually(() -> {
      List<String> r = SharedNode.column("SELECT reason FROM routing_db.dead_letters WHERE consumer_group = ? AND"
          + " message_key IN ('poison', 'poison2') ORDER BY message_key", RoutesConsumer.GROUP);
      return r.size() == 2 ? r : null;
    });
    assertTrue(reasons.get(0).startsWith("not JSON"), reasons.get(0));
    assertTrue(reasons.get(1).contains("payload.ownerId is missing"), reasons.get(1));
  }

  private String create(String token) {
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/pipeline\"}");
    assertEquals(201, created.statusCode(), created.body());
    return TestNode.json(created).get("code").asText();
  }

  private Map<String, List<JsonNode>> readAll(String topic, Set<String> keys) {
    return TopicReader.readAll(node.kafkaBootstrap(), topic, keys);
  }

  private Properties producerProps() {
    Properties props = new Properties();
    props.put("bootstrap.servers", node.kafkaBootstrap());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    return props;
  }

  private long logins(String email) {
    List<String> count = SharedNode.column("SELECT login_count::text FROM auth_service.users WHERE email = ?", email);
    return count.isEmpty() ? -1 : Long.parseLong(count.get(0));
  }

  private String routeTarget(String code) {
    List<String> target = SharedNode.column("SELECT target FROM routing_db.routes WHERE code = ?", code);
    return target.isEmpty() ? null : target.get(0);
  }

}
