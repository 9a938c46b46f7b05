package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qrflow.projections.analytics.AnalyticsConsumer;
import io.qrflow.projections.analytics.AnalyticsService;
import io.qrflow.projections.contracts.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The analytics service on a real node: a known set of qr.scanned messages (people on several
 * devices, countries, languages and referrers, and bots) published to the node's Kafka, read
 * back through the API as exact totals, breakdowns, unique visitors and time-zone buckets; the
 * same messages again, an offset reset and a full rebuild change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsPipelineTest {

  static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
      + " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
  static final String IPAD = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15"
      + " (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
  static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
  static final String WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  static final String MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0";
  static final String SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
  static final String FACEBOOK = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)";

  private final TestNode node = SharedNode.get();
  private String token;
  private String ownerId;
  private String code;
  private String other;
  private final List<ObjectNode> published = new ArrayList<>();

  @BeforeAll
  void publishTheScanSet() {
    token = node.signUp("an-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();
    ownerId = TestNode.json(node.get("/api/v1/me", token)).get("userId").asText();
    code = create();
    other = create();
    // the codes' titles come with qr.created, published from the journal a moment later
    TestNode.eventually(Duration.ofSeconds(60), () -> SharedNode.column(
        "SELECT title FROM qr_analytics.codes WHERE code = ?", other).contains("A") ? true : null);
    String run = UUID.randomUUID().toString();
    // 2026-03-10 is a Tuesday; Berlin is UTC+1 then. Scan 2 is 10 March in UTC, 11 March in Berlin.
    scan(run, 1, code, "2026-03-10T22:30:00Z", "v1", IPHONE, "DE", "news.example", "de-DE");
    scan(run, 2, code, "2026-03-10T23:15:00Z", "v1", IPHONE, "DE", null, "de-DE");
    scan(run, 3, code, "2026-03-11T08:00:00Z", "v2", ANDROID, "US", "t.co", "en-US");
    scan(run, 4, code, "2026-03-11T08:20:00Z", "v3", WINDOWS, "US", null, "en-US");
    scan(run, 5, code, "2026-03-11T09:05:00Z", "v4", IPAD, "FR", null, "fr-FR");
    scan(run, 6, code, "2026-03-11T09:06:00Z", "v3", MAC, null, null, null);
    scan(run, 7, code, "2026-03-11T08:01:00Z", "b1", SLACK, "US", null, null);
    scan(run, 8, code, "2026-03-11T08:02:00Z", "b2", FACEBOOK, "IE", null, null);
    scan(run, 9, code, "2026-03-11T09:00:00Z", "b3", "curl/8.5.0", null, null, null);
    scan(run, 10, code, "2026-03-11T09:30:00Z", "b1", SLACK, "US", null, null);
    scan(run, 11, other, "2026-03-11T08:10:00Z", "v2", ANDROID, "US", null, "en-US");
    publish(published);
    awaitConsumed();
  }

  @Test
  void givenTheScanSet_thenUtcDaysHaveExactTotalsUniquesAndBreakdowns() {
    JsonNode r = report(code, "from=2026-03-10&to=2026-03-12&granularity=day&tz=UTC");
    assertEquals("{\"scans\":10,\"humanScans\":6,\"botScans\":4,\"uniqueVisitors\":4}", r.get("totals").toString());
    assertEquals(List.of("2026-03-10T00:00:00Z 2 2 0 1", "2026-03-11T00:00:00Z 8 4 4 3"), series(r));
    JsonNode b = r.get("breakdowns");
    assertEquals("DE=2 US=2 FR=1 unknown=1", keys(b.get("country")));
    assertEquals("mobile=3 desktop=2 tablet=1", keys(b.get("deviceType")));
    assertEquals("iOS=3 Android=1 Mac OS X=1 Windows=1", keys(b.get("os")));
    assertEquals("Mobile Safari=3 Chrome=1 Chrome Mobile=1 Firefox=1", keys(b.get("browser")));
    assertEquals("unknown=4 news.example=1 t.co=1", keys(b.get("referrer")));
    assertEquals("de-DE=2 en-US=2 fr-FR=1 unknown=1", keys(b.get("language")));
    assertEquals(4, r.get("bots").get("total").asInt());
    assertEquals("Slackbot=2 curl=1 facebookexternalhit=1", keys(r.get("bots").get("byAgent")));
  }

  @Test
  void givenBerlin_thenDaysAndHoursOfWeekAreLocal() {
    JsonNode r = report(code, "from=2026-03-10&to=2026-03-12&granularity=day&tz=Europe/Berlin");
    assertEquals("2026-03-10T00:00:00+01:00", r.get("from").asText());
    assertEquals(List.of("2026-03-10T00:00:00+01:00 1 1 0 1", "2026-03-11T00:00:00+01:00 9 5 4 4"), series(r));
    assertEquals(4, r.get("totals").get("uniqueVisitors").asInt());
    Map<String, Integer> week = new HashMap<>();
    r.get("hourOfWeek").forEach(c -> { if (c.get("count").asInt() > 0) week.put(c.get("dayOfWeek") + "-" + c.get("hour"), c.get("count").asInt()); });
    assertEquals(Map.of("2-23", 1, "3-0", 1, "3-9", 2, "3-10", 2), week);
    assertEquals(168, r.get("hourOfWeek").size());

    JsonNode hours = report(code, "from=2026-03-11&to=2026-03-12&granularity=hour&tz=Europe/Berlin");
    assertEquals(24, hours.get("series").size(), "contiguous, zero-filled");
    assertEquals("2026-03-11T09:00:00+01:00 4 2 2 2", series(hours).get(9));
    assertEquals("2026-03-11T02:00:00+01:00 0 0 0 0", series(hours).get(2));
  }

  @Test
  void givenMinutes_thenEachScanInItsMinuteAndOnlyTheRangeCounts() {
    JsonNode r = report(code, "from=2026-03-11T08:00:00Z&to=2026-03-11T08:30:00Z&granularity=minute");
    assertEquals(30, r.get("series").size());
    assertEquals("2026-03-11T08:00:00Z 1 1 0 1", series(r).get(0));
    assertEquals("2026-03-11T08:02:00Z 1 0 1 0", series(r).get(2));
    assertEquals("{\"scans\":4,\"humanScans\":2,\"botScans\":2,\"uniqueVisitors\":2}", r.get("totals").toString());
  }

  @Test
  void givenTwoCodes_thenTheSummaryCountsAVisitorOfBothOnceAndRanksTheCodes() {
    var response = node.get("/api/v1/analytics/summary?from=2026-03-10&to=2026-03-12", token);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode r = TestNode.json(response);
    assertEquals("{\"scans\":11,\"humanScans\":7,\"botScans\":4,\"uniqueVisitors\":4}", r.get("totals").toString());
    assertEquals(code + "=6 " + other + "=1", keys(r.get("topCodes"), "code"));
    assertEquals("A", r.get("topCodes").get(0).get("title").asText());
    assertEquals("mobile=4 desktop=2 tablet=1", keys(r.get("breakdowns").get("deviceType")));
  }

  @Test
  void givenTheSameMessagesAgainAndAnOffsetReset_thenNothingCountsTwice() throws Exception {
    String before = report(code, "from=2026-03-10&to=2026-03-12&tz=Europe/Berlin").toString();
    publish(published); // the same event ids once more
    awaitConsumed();
    assertEquals(before, report(code, "from=2026-03-10&to=2026-03-12&tz=Europe/Berlin").toString());

    try (Connection c = connection()) {
      c.createStatement().executeUpdate("UPDATE qr_analytics.kafka_offsets SET next_offset = 0");
    }
    AnalyticsService.on(node.node().system()).orElseThrow().restart();
    awaitConsumed();
    assertEquals(before, report(code, "from=2026-03-10&to=2026-03-12&tz=Europe/Berlin").toString());
  }

  @Test
  void givenARebuild_thenTheSameNumbers() {
    String query = "from=2026-03-10&to=2026-03-12&granularity=hour&tz=America/New_York";
    String before = report(code, query).toString();
    String summaryBefore = node.get("/api/v1/analytics/summary?" + query, token).body();
    assertEquals(403, node.post("/api/v1/admin/analytics/rebuild", token, "").statusCode());

    var rebuilt = node.post("/api/v1/admin/analytics/rebuild", AdminTokens.of(node), "");
    assertEquals(202, rebuilt.statusCode(), rebuilt.body());
    awaitConsumed();
    assertEquals(before, report(code, query).toString());
    assertEquals(summaryBefore, node.get("/api/v1/analytics/summary?" + query, token).body());
  }

  @Test
  void givenAPoisonScanAmongGoodOnes_thenItIsADeadLetterAndTheOthersCount() {
    String third = create();
    String run = UUID.randomUUID().toString();
    List<ObjectNode> batch = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      scan(run, n, third, "2026-04-01T10:0" + n + ":00Z", "p" + n, WINDOWS, "DE", null, "de-DE");
      batch.add(published.remove(published.size() - 1));
    }
    ((ObjectNode) batch.get(1).get("payload")).remove("visitorId");
    publish(batch);
    awaitConsumed();
    JsonNode r = report(third, "from=2026-04-01&to=2026-04-02&granularity=day");
    assertEquals("{\"scans\":2,\"humanScans\":2,\"botScans\":0,\"uniqueVisitors\":2}", r.get("totals").toString());
    assertEquals(List.of("payload.visitorId is missing"), SharedNode.column("SELECT reason FROM"
        + " qr_analytics.dead_letters WHERE message_key = ?", third));
  }

  @Test
  void givenTheNode_thenEveryAnalyticsInputTopicKeepsItsMessagesForRebuilds() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", node.kafkaBootstrap()))) {
      for (String topic : AnalyticsConsumer.definition().topics()) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertEquals("-1", config.get("retention.ms").value(), topic);
      }
    }
  }

  private JsonNode report(String qr, String query) {
    var response = node.get("/api/v1/qr/" + qr + "/analytics?" + query, token);
    assertEquals(200, response.statusCode(), response.body());
    return TestNode.json(response);
  }

  private static List<String> series(JsonNode report) {
    List<String> rows = new ArrayList<>();
    report.get("series").forEach(b -> rows.add(b.get("t").asText() + " " + b.get("scans") + " "
        + b.get("humanScans") + " " + b.get("botScans") + " " + b.get("uniqueVisitors")));
    return rows;
  }

  private static String keys(JsonNode counts) {
    return keys(counts, "key");
  }

  private static String keys(JsonNode counts, String field) {
    List<String> parts = new ArrayList<>();
    counts.forEach(kc -> parts.add(kc.get(field).asText() + "=" + kc.get("count").asInt()));
    return String.join(" ", parts);
  }

  private String create() {
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/analytics\",\"title\":\"A\"}");
    assertEquals(201, created.statusCode(), created.body());
    return TestNode.json(created).get("code").asText();
  }

  private void scan(String run, int n, String qr, String at, String visitor, String ua,
      String country, String referrer, String language) {
    ObjectNode payload = TestNode.JSON.createObjectNode().put("code", qr).put("ownerId", ownerId)
        .put("scannedAt", at).put("visitorId", visitor + "-" + run.substring(0, 8)).put("userAgent", ua)
        .put("country", country).put("referrerHost", referrer).put("language", language);
    ObjectNode envelope = TestNode.JSON.createObjectNode().put("eventId", "AnalyticsTest|" + run + ":" + n)
        .put("type", Topics.QR_SCANNED).put("version", 1).put("occurredAt", at).put("key", qr);
    envelope.set("payload", payload);
    published.add(envelope);
  }

  private void publish(List<ObjectNode> envelopes) {
    Properties props = new Properties();
    props.put("bootstrap.servers", node.kafkaBootstrap());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    try (var producer = new KafkaProducer<String, String>(props)) {
      for (ObjectNode e : envelopes) {
        producer.send(new ProducerRecord<>(Topics.QR_SCANNED, e.get("key").asText(), e.toString())).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Until the analytics group's stored offsets reach the end of every partition of its topics. */
  private void awaitConsumed() {
    Properties props = new Properties();
    props.put("bootstrap.servers", node.kafkaBootstrap());
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    Map<TopicPartition, Long> ends;
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.QR_SCANNED, Topics.QR_CREATED)) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      ends = consumer.endOffsets(partitions);
    }
    TestNode.eventually(Duration.ofSeconds(60), () -> {
      for (var end : ends.entrySet()) {
        List<String> committed = SharedNode.column("SELECT next_offset::text FROM qr_analytics.kafka_offsets"
            + " WHERE consumer_group = '" + AnalyticsConsumer.GROUP + "' AND topic = ? AND kafka_partition = "
            + end.getKey().partition(), end.getKey().topic());
        long at = committed.isEmpty() ? 0 : Long.parseLong(committed.get(0));
        if (at < end.getValue()) return null;
      }
      return true;
    });
  }

  private static Connection connection() throws Exception {
    var db = SharedNode.database();
    return DriverManager.getConnection(db.url(), db.user(), db.password());
  }
}
