package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.infra.EmbeddedSmtpServer;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.publish.KafkaPublishing;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The e-mail service on a real node, sending to a real SMTP server (GreenMail) that the test owns,
 * so it can stop it: mails arrive exactly once even when every event is published again, failed
 * sends are retried and given up on, opt-outs hold, verification links verify.
 */
class EmailServiceTest {

  private static final String PASSWORD = "a long enough password";
  private static final int MAX_ATTEMPTS = 6;
  private static final Duration MAIL = Duration.ofSeconds(30);
  private static final Pattern VERIFY_LINK = Pattern.compile("http://localhost:3000(/api/v1/auth/verify\\?token=\\S+)");

  private static int smtpPort;
  private static EmbeddedSmtpServer smtp;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("qrflow-email-test");
    smtp = EmbeddedSmtpServer.start(0);
    smtpPort = smtp.port();
    node = TestNode.start(null, dir, Map.of(
        "qrflow.smtp.host", smtp.host(),
        "qrflow.smtp.port", smtpPort,
        "qrflow.smtp.tls", "none",
        "qrflow.email.dev-mailbox", true,
        "qrflow.email.poll-interval", "200ms",
        "qrflow.email.max-attempts", MAX_ATTEMPTS,
        "qrflow.email.min-backoff", "300ms",
        "qrflow.email.max-backoff", "1s"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (smtp != null) smtp.close();
  }

  @Test
  void givenRegistration_thenOneWelcomeMailInTextAndHtml_whoseLinkVerifiesTheAddress() throws Exception {
    String email = UUID.randomUUID() + "@example.com";
    String token = node.signUp(email).get("accessToken").asText();
    MimeMessage welcome = TestNode.eventually(MAIL, () -> single(email, "Welcome"));
    MimeMultipart body = (MimeMultipart) welcome.getContent();
    assertEquals(2, body.getCount());
    assertTrue(body.getBodyPart(0).isMimeType("text/plain"));
    assertTrue(body.getBodyPart(1).isMimeType("text/html"));
    Matcher link = VERIFY_LINK.matcher((String) body.getBodyPart(0).getContent());
    assertTrue(link.find(), "a verification link");
    assertTrue(((String) body.getBodyPart(1).getContent()).contains("Confirm my e-mail"));

    assertFalse(ApiClient.json(node.get("/api/v1/me", token)).path("emailVerifiedAt").isTextual());
    String path = link.group(1);
    int at = path.indexOf("token=") + "token=".length();
    char flipped = path.charAt(at) == 'A' ? 'B' : 'A';
    var tampered = node.get(path.substring(0, at) + flipped + path.substring(at + 1), null);
    assertEquals(400, tampered.statusCode(), tampered.body());
    assertEquals(400, node.get("/api/v1/auth/verify?token=nonsense", null).statusCode());
    var verified = node.get(link.group(1), null);
    assertEquals(200, verified.statusCode(), verified.body());
    assertTrue(ApiClient.json(node.get("/api/v1/me", token)).path("emailVerifiedAt").isTextual());
    assertEquals(200, node.get(link.group(1), null).statusCode(), "opening the link again is fine");
  }

  @Test
  void givenEveryEventPublishedAgain_thenEachMailStillArrivesExactlyOnce() throws Exception {
    String email = UUID.randomUUID() + "@example.com";
    JsonNode user = node.signUp(email);
    String token = user.get("accessToken").asText();
    String userId = ApiClient.json(node.get("/api/v1/me", token)).get("userId").asText();
    String code = createCode(token);
    publish(Topics.INSIGHTS_ALERT, userId, "insights-" + userId, Map.of("alertId", UUID.randomUUID().toString(),
        "ownerId", userId, "kind", "first-scan", "title", "First scan of " + code,
        "detail", "Your code was scanned for the first time.", "code", code, "firedAt", Instant.now().toString()));
    publish(Topics.MICROSITE_PUBLISHED, "spring-" + code, "ms-" + userId, Map.of("slug", "spring-" + code,
        "ownerId", userId, "published", true, "version", 3, "at", Instant.now().toString()));
    TestNode.eventually(MAIL, () -> single(email, "Welcome"));
    TestNode.eventually(MAIL, () -> single(email, "Your QR code " + code + " is live"));
    TestNode.eventually(MAIL, () -> single(email, "qrflow insight: First scan of " + code));
    TestNode.eventually(MAIL, () -> single(email, "Your microsite spring-" + code + " was published"));

    // The publishers forget their offsets and send the whole journal again: same event ids.
    var management = ProjectionManagement.get(node.node().system());
    for (int tag = 0; tag < 20; tag++) {
      management.clearOffset(ProjectionId.of(KafkaPublishing.USER_PUBLISHER, "user-" + tag)).toCompletableFuture().get();
      management.clearOffset(ProjectionId.of(KafkaPublishing.QR_PUBLISHER, "qr-" + tag)).toCompletableFuture().get();
    }
    publish(Topics.INSIGHTS_ALERT, userId, "insights-" + userId, Map.of("alertId", UUID.randomUUID().toString(),
        "ownerId", userId, "kind", "first-scan", "title", "First scan of " + code,
        "detail", "Your code was scanned for the first time.", "code", code, "firedAt", Instant.now().toString()));
    TestNode.eventually(MAIL, () -> messages(Topics.QR_CREATED, code) >= 2
        && messages(Topics.USER_REGISTERED, userId) >= 2 ? true : null);
    Thread.sleep(3_000); // time for the consumer and the sender to (wrongly) act on the copies

    assertEquals(4, mailsTo(email).size(), "one welcome, one qr-created, one insight, one microsite");
    JsonNode log = ApiClient.json(node.get("/api/v1/notifications/deliveries", token)).get("items");
    assertEquals(4, log.size(), log.toString());
    log.forEach(d -> assertEquals("sent", d.get("status").asText(), d.toString()));
  }

  @Test
  void givenAnAlertWhoseWorkflowChoseOnlyAWebhook_thenNoMail() throws Exception {
    String email = UUID.randomUUID() + "@example.com";
    String token = node.signUp(email).get("accessToken").asText();
    String userId = ApiClient.json(node.get("/api/v1/me", token)).get("userId").asText();
    for (String actions : List.of("webhook", "email")) {
      publish(Topics.INSIGHTS_ALERT, userId, "insights-" + actions + "-" + userId, Map.of(
          "alertId", UUID.randomUUID().toString(), "ownerId", userId, "kind", "first-scan",
          "title", "Alert by " + actions, "detail", "d", "firedAt", Instant.now().toString(),
          "actions", List.of(actions)));
    }
    // Same key, same partition: once the second alert's mail is there, the first was handled.
    TestNode.eventually(MAIL, () -> single(email, "Alert by email"));
    assertEquals(null, single(email, "Alert by webhook"));
    JsonNode log = ApiClient.json(node.get("/api/v1/notifications/deliveries", token)).get("items");
    assertTrue(log.toString().indexOf("Alert by webhook") < 0, log.toString());
  }

  @Test
  void givenSmtpDown_thenSendsAreRetriedUntilItIsBack_andGivenUpAfterMaxAttempts() throws Exception {
    String email = UUID.randomUUID() + "@example.com";
    String token = node.signUp(email).get("accessToken").asText();
    TestNode.eventually(MAIL, () -> single(email, "Welcome"));

    smtp.close();
    String lost = createCode(token);
    JsonNode dead = TestNode.eventually(MAIL, () -> delivery(token, lost, "dead"));
    assertEquals(MAX_ATTEMPTS, dead.get("attempts").asInt());
    assertNotNull(dead.get("lastError").asText());

    String delayed = createCode(token);
    TestNode.eventually(MAIL, () -> {
      JsonNode d = delivery(token, delayed, "pending");
      return d != null && d.get("attempts").asInt() >= 1 ? d : null;
    });
    smtp = EmbeddedSmtpServer.start(smtpPort);
    TestNode.eventually(MAIL, () -> single(email, "Your QR code " + delayed + " is live"));
    JsonNode sent = TestNode.eventually(MAIL, () -> delivery(token, delayed, "sent"));
    assertTrue(sent.get("attempts").asInt() >= 2, sent.toString());
    Thread.sleep(1_000);
    assertEquals(1, mailsTo(email).size(), "the given-up mail is never sent (the restarted server is empty)");
    assertNotNull(delivery(token, lost, "dead"));
  }

  @Test
  void givenOptOut_thenNoMailAndTheLogSaysSkipped_whileOtherOwnersSeeNothingOfIt() throws Exception {
    String email = UUID.randomUUID() + "@example.com";
    String token = node.signUp(email).get("accessToken").asText();
    var changed = node.send(node.request("/api/v1/notifications/preferences", token)
        .header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"preferences\":{\"qr-created\":false}}")).build());
    assertEquals(200, changed.statusCode(), changed.body());
    assertFalse(ApiClient.json(changed).get("preferences").get("qr-created").asBoolean());
    assertTrue(ApiClient.json(node.get("/api/v1/notifications/preferences", token))
        .get("preferences").get("insights-alert").asBoolean());
    for (String bad : List.of("{\"preferences\":{\"welcome\":false}}", "{\"preferences\":{\"nope\":true}}",
        "{\"preferences\":{\"qr-created\":\"no\"}}", "{\"preferences\":{}}")) {
      var refused = node.send(node.request("/api/v1/notifications/preferences", token)
          .header("Content-Type", "application/json")
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(bad)).build());
      assertEquals(400, refused.statusCode(), bad + " → " + refused.body());
    }

    String code = createCode(token);
    TestNode.eventually(MAIL, () -> delivery(token, code, "skipped"));
    TestNode.eventually(MAIL, () -> single(email, "Welcome"));
    Thread.sleep(1_000);
    assertTrue(mailsTo(email).stream().noneMatch(m -> subject(m).contains(code)), "opted out");

    String other = node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
    JsonNode theirs = ApiClient.json(node.get("/api/v1/notifications/deliveries", other)).get("items");
    assertTrue(theirs.toString().indexOf(code) < 0, "another owner's log is not shown");
    assertEquals(400, node.get("/api/v1/notifications/deliveries?limit=0", token).statusCode());
    assertEquals(401, node.get("/api/v1/notifications/deliveries", null).statusCode());
  }

  @Test
  void givenDevMailbox_thenItShowsTheSentMailEscaped() {
    String email = UUID.randomUUID() + "@example.com";
    node.signUp(email);
    TestNode.eventually(MAIL, () -> single(email, "Welcome"));
    var page = node.get("/dev/mailbox", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("to " + email), page.body());
  }

  private static String createCode(String token) {
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/mail\"}");
    assertEquals(201, created.statusCode(), created.body());
    return ApiClient.json(created).get("code").asText();
  }

  private static JsonNode delivery(String token, String code, String status) {
    JsonNode items = ApiClient.json(node.get("/api/v1/notifications/deliveries", token)).get("items");
    return StreamSupport.stream(items.spliterator(), false)
        .filter(d -> d.get("subject").asText().contains(code) && d.get("status").asText().equals(status))
        .findFirst().orElse(null);
  }

  /** How many messages with this key the topic holds. */
  private static long messages(String topic, String key) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.kafkaBootstrap());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long found = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (var record : consumer.poll(Duration.ofMillis(200))) if (key.equals(record.key())) found++;
      }
      return found;
    }
  }

  private static void publish(String topic, String key, String eventId, Map<String, Object> payload) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.kafkaBootstrap());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    String envelope = ApiClient.JSON.writeValueAsString(Map.of("eventId", eventId, "type", topic,
        "version", 1, "occurredAt", Instant.now().toString(), "key", key, "payload", payload));
    try (var producer = new KafkaProducer<String, String>(props)) {
      producer.send(new ProducerRecord<>(topic, key, envelope)).get();
    }
  }

  private static MimeMessage single(String recipient, String subjectPart) {
    List<MimeMessage> matching = mailsTo(recipient).stream()
        .filter(m -> subject(m).contains(subjectPart)).toList();
    if (matching.size() > 1) throw new AssertionError(matching.size() + " mails '" + subjectPart + "'");
    return matching.isEmpty() ? null : matching.get(0);
  }

  private static List<MimeMessage> mailsTo(String recipient) {
    return smtp.received().stream().filter(m -> {
      try {
        Address[] to = m.getAllRecipients();
        return to != null && to.length == 1 && to[0].toString().equals(recipient);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
