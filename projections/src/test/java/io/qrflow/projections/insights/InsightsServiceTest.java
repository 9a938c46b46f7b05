package io.qrflow.projections.insights;

import static io.qrflow.projections.testing.ServiceFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.testing.ServiceFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The insights service on real Kafka and PostgreSQL with a controlled clock: workflows fire once
 * per firing key and reach insights.alert, digests fire at their local time, and the feed's
 * numbers follow from a known stream of scans.
 */
class InsightsServiceTest {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final long STEP_TIMEOUT_SECONDS = 30;
  private static ServiceFixture services;
  private static Workflows workflows;

  @BeforeAll
  static void start() {
    services = ServiceFixture.get();
    workflows = new Workflows(services.pool, ServiceFixture.INSIGHTS_CLOCK);
  }

  @Test
  void givenAThresholdOf5In10Minutes_when12ScansComeTwice_thenItFiresOnceAndAgainOnlyAfterTheWindow() throws Exception {
    String owner = UUID.randomUUID().toString();
    String code = code("th");
    var workflow = workflows.create(owner, "hot code", new Workflow.Trigger(Workflow.SCAN_THRESHOLD,
        code, null, 5, 10, null, null, null, null), new Workflow.Actions(true, null), true);
    Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
    List<Envelope<Payloads.QrScanned>> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) burst.add(scan(code, owner, t0.plusSeconds(10L * i), "DE"));
    burst.forEach(e -> services.publish(Topics.QR_SCANNED, e));
    burst.forEach(e -> services.publish(Topics.QR_SCANNED, e)); // redelivered: same event ids

    awaitScans(owner, 12);
    List<String> firings = firings(workflow.id());
    assertEquals(1, firings.size(), firings.toString());
    assertEquals(workflow.id() + ":threshold:" + burst.get(4).eventId() + "|" + code + ": 5 scans in 10 min",
        firings.get(0), "fires at the 5th scan");

    for (int i = 0; i < 5; i++) services.publish(Topics.QR_SCANNED, scan(code, owner, t0.plusSeconds(1_200 + i), "DE"));
    awaitScans(owner, 17);
    assertEquals(2, firings(workflow.id()).size(), "a new burst after the window fires again");

    List<JsonNode> alerts = eventually(() -> {
      List<JsonNode> a = alertsOf(owner);
      return a.size() >= 2 ? a : null;
    });
    Thread.sleep(500);
    alerts = alertsOf(owner);
    assertEquals(2, alerts.size(), "each firing published once");
    for (JsonNode alert : alerts) {
      JsonNode p = alert.get("payload");
      assertEquals("insights.alert:" + p.get("alertId").asText(), alert.get("eventId").asText());
      assertEquals(owner, alert.get("key").asText());
      assertEquals(workflow.id().toString(), p.get("workflowId").asText());
      assertEquals(Workflow.SCAN_THRESHOLD, p.get("kind").asText());
      assertEquals("[\"email\"]", p.get("actions").toString());
      assertTrue(p.get("webhookEndpointId").isNull());
    }
    String firstKey = workflow.id() + ":threshold:" + burst.get(4).eventId();
    assertTrue(alerts.stream().anyMatch(a -> a.get("payload").get("alertId").asText()
        .equals(Firings.alertId(firstKey).toString())), "alert id derived from the firing key");
  }

  @Test
  void givenATagThreshold_whenScansOfTwoTaggedCodesAddUp_thenItFiresOnce() throws Exception {
    String owner = UUID.randomUUID().toString();
    String a = code("ta");
    String b = code("tb");
    String untagged = code("tu");
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    for (String code : List.of(a, b, untagged)) {
      List<String> tags = code.equals(untagged) ? List.of() : List.of("print");
      services.publish(Topics.QR_CREATED, new Envelope<>("QrCode|" + code + ":1", Topics.QR_CREATED, 1, t0,
          code, new Payloads.QrCreated(code, owner, "https://example.com", null, tags, t0)));
    }
    awaitRows("SELECT code FROM workflow_db.insight_codes WHERE owner_id = ?::uuid", owner, 3);
    var workflow = workflows.create(owner, "print campaign", new Workflow.Trigger(Workflow.SCAN_THRESHOLD,
        null, "print", 4, 60, null, null, null, null), new Workflow.Actions(true, null), true);
    for (int i = 0; i < 3; i++) services.publish(Topics.QR_SCANNED, scan(untagged, owner, t0.plusSeconds(60 + i), null));
    awaitScans(owner, 3);
    assertEquals(0, firings(workflow.id()).size(), "untagged scans do not count");
    for (int i = 0; i < 3; i++) {
      services.publish(Topics.QR_SCANNED, scan(a, owner, t0.plusSeconds(120 + i), null));
      services.publish(Topics.QR_SCANNED, scan(b, owner, t0.plusSeconds(120 + i), null));
    }
    awaitScans(owner, 9);
    assertEquals(1, firings(workflow.id()).size());
  }

  /**
   * Two partitions apply scans of two codes with the same tag at the same time; together they
   * cross the threshold. The second batch must wait for the first to commit before it reads the
   * window, or each sees only its own scans and nothing fires.
   */
  @Test
  void givenTwoPartitionsApplyScansOfOneTagAtOnce_whenTogetherTheyCrossTheThreshold_thenItFiresOnce()
      throws Exception {
    String owner = UUID.randomUUID().toString();
    String a = code("pa");
    String b = code("pb");
    Instant t0 = Instant.parse("2026-11-21T12:00:00Z");
    try (Connection c = services.pool.getConnection()) {
      for (String code : List.of(a, b)) ScanAggregates.tags(c, code, UUID.fromString(owner), List.of("flyer"), t0);
    }
    var workflow = workflows.create(owner, "flyers", new Workflow.Trigger(Workflow.SCAN_THRESHOLD,
        null, "flyer", 4, 60, null, null, null, null), new Workflow.Actions(true, null), true);
    ExecutorService secondPartition = Executors.newSingleThreadExecutor();
    try (Connection first = services.pool.getConnection(); Connection second = services.pool.getConnection()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      InsightsConsumer.scans(first, directScans(a, owner, t0.plusSeconds(60)));
      int secondPid = backendPid(second);
      Future<?> applied = secondPartition.submit(() -> {
        InsightsConsumer.scans(second, directScans(b, owner, t0.plusSeconds(60)));
        second.commit();
        return null;
      });
      eventually(() -> applied.isDone() || waitsForLock(secondPid) ? true : null);
      first.commit();
      applied.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      secondPartition.shutdownNow();
    }
    List<String> fired = firings(workflow.id());
    assertEquals(1, fired.size(), fired.toString());
    assertTrue(fired.get(0).endsWith("|tag flyer: 4 scans in 60 min"), fired.get(0));
  }

  @Test
  void givenFirstScanNewCountryAndAnomalyWorkflows_thenEachFiresOncePerCodeCountryAndAnomaly() throws Exception {
    String owner = UUID.randomUUID().toString();
    String a = code("fa");
    String b = code("fb");
    var first = workflows.create(owner, "first", trigger(Workflow.FIRST_SCAN, null), new Workflow.Actions(true, null), true);
    var country = workflows.create(owner, "country", trigger(Workflow.NEW_COUNTRY, null), new Workflow.Actions(true, null), true);
    var anomaly = workflows.create(owner, "anomaly", trigger(Workflow.ANOMALY, a), new Workflow.Actions(true, null), true);
    Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
    services.publish(Topics.QR_SCANNED, scan(a, owner, t0, "DE"));
    services.publish(Topics.QR_SCANNED, scan(a, owner, t0.plusSeconds(1), "DE"));
    services.publish(Topics.QR_SCANNED, scan(a, owner, t0.plusSeconds(2), "FR"));
    services.publish(Topics.QR_SCANNED, scan(b, owner, t0.plusSeconds(3), "DE"));
    services.publish(Topics.QR_SCANNED, scan(b, owner, t0.plusSeconds(4), null));
    for (String code : List.of(a, b)) services.publish(Topics.ML_ANOMALY_DETECTED, anomaly(code, owner, t0));
    awaitScans(owner, 5);
    awaitRows("SELECT event_id FROM workflow_db.insight_anomalies WHERE owner_id = ?::uuid", owner, 2);

    assertEquals(List.of("First scan of " + a, "First scan of " + b), titles(first.id()));
    assertEquals(List.of("First scan from DE", "First scan from FR"), titles(country.id()));
    assertEquals(List.of("Unusual scans of " + a + " (spike)"), titles(anomaly.id()), "only its code");
  }

  @Test
  void givenADailyDigestAt9Berlin_thenItFiresOnceWhenTheClockPasses9AndNotBefore() throws Exception {
    var clock = ServiceFixture.INSIGHTS_CLOCK;
    clock.set(Instant.parse("2026-12-01T07:58:00Z")); // 08:58 in Berlin
    String owner = UUID.randomUUID().toString();
    String code = code("dg");
    var digest = workflows.create(owner, "morning", new Workflow.Trigger(Workflow.DIGEST, null, null, null,
        null, "daily", null, "09:00", "Europe/Berlin"), new Workflow.Actions(true, null), true);
    for (int i = 0; i < 3; i++) services.publish(Topics.QR_SCANNED, scan(code, owner, Instant.parse("2026-11-30T10:00:00Z").plusSeconds(i), "DE"));
    services.publish(Topics.QR_SCANNED, scan(code, owner, Instant.parse("2026-11-29T10:00:00Z"), "DE"));
    awaitScans(owner, 4);
    Thread.sleep(500); // several scheduler rounds
    assertEquals(List.of(), firings(digest.id()), "not before 09:00 local time");

    clock.set(Instant.parse("2026-12-01T08:00:05Z"));
    List<String> fired = eventually(() -> {
      List<String> f = firings(digest.id());
      return f.isEmpty() ? null : f;
    });
    assertEquals(digest.id() + ":digest:2026-12-01T08:00:00Z|Daily digest", fired.get(0));
    assertEquals("3 scans from 2026-11-30 09:00 to 2026-12-01 09:00 (Europe/Berlin); top code " + code + " with 3.",
        services.rows("SELECT detail FROM workflow_db.insight_firings WHERE workflow_id = ?", digest.id()).get(0));
    clock.advance(java.time.Duration.ofHours(3));
    Thread.sleep(500);
    assertEquals(1, firings(digest.id()).size(), "once per occurrence");

    clock.set(Instant.parse("2026-12-02T08:00:00Z"));
    eventually(() -> firings(digest.id()).size() == 2 ? true : null);
  }

  @Test
  void givenAKnownStream_thenTheFeedSaysUp240PercentNewTopCountryAndTheBusiestHour() throws Exception {
    ServiceFixture.INSIGHTS_CLOCK.set(Instant.parse("2026-11-25T12:00:00Z"));
    String owner = UUID.randomUUID().toString();
    String code = code("fd");
    for (int i = 0; i < 5; i++) services.publish(Topics.QR_SCANNED, scan(code, owner, Instant.parse("2026-11-15T09:30:00Z").plusSeconds(i), "DE"));
    for (int i = 0; i < 10; i++) services.publish(Topics.QR_SCANNED, scan(code, owner, Instant.parse("2026-11-24T14:05:00Z").plusSeconds(i), "FR"));
    for (int i = 0; i < 7; i++) services.publish(Topics.QR_SCANNED, scan(code, owner, Instant.parse("2026-11-23T08:10:00Z").plusSeconds(i), "DE"));
    Instant login = Instant.parse("2026-11-24T09:00:00Z");
    services.publish(Topics.USER_LOGGED_IN, login(owner, "Firefox on Linux", login, 1));
    services.publish(Topics.USER_LOGGED_IN, login(owner, "Safari on iPhone", login.plusSeconds(60), 2));
    services.publish(Topics.USER_LOGGED_IN, login(owner, "Firefox on Linux", login.plusSeconds(120), 3));
    awaitScans(owner, 22);
    awaitRows("SELECT client FROM workflow_db.insight_login_clients WHERE user_id = ?::uuid", owner, 2);

    var feed = new InsightsFeed(services.pool, ServiceFixture.INSIGHTS_CLOCK).read(owner, ZoneId.of("Europe/Berlin"));

    assertEquals(new InsightsFeed.WeekOverWeek(17, 5, 240), feed.weekOverWeek());
    assertEquals(new InsightsFeed.TopCountry("FR", 10, "DE", true), feed.topCountry());
    assertEquals(new InsightsFeed.BusiestHour(15, 10, "Europe/Berlin"), feed.busiestHour());
    assertEquals(List.of(
        "Scans up 240 % week over week (17 vs 5)",
        "New top country: FR (was DE)",
        "Busiest hour: 15:00–16:00 (Europe/Berlin), 10 scans this week",
        "New sign-in device: Safari on iPhone"), feed.items().stream().map(InsightsFeed.Item::title).toList());
  }

  /** Three scans of {@code code}, as the consumer reads them from qr.scanned. */
  private static List<ScanFold.Scan> directScans(String code, String owner, Instant at) {
    List<ScanFold.Scan> scans = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      scans.add(new ScanFold.Scan(UUID.fromString(owner), code, at.plusSeconds(i), null,
          "qr.scanned:QrCode|" + code + ":" + SEQ.incrementAndGet() + ":0"));
    }
    return scans;
  }

  private static int backendPid(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean waitsForLock(int pid) {
    return !services.rows("SELECT pid FROM pg_locks WHERE pid = ? AND locktype = 'advisory' AND NOT granted",
        pid).isEmpty();
  }

  private static Workflow.Trigger trigger(String kind, String code) {
    return new Workflow.Trigger(kind, code, null, null, null, null, null, null, null);
  }

  private static String code(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Envelope<Payloads.QrScanned> scan(String code, String owner, Instant at, String country) {
    int seq = SEQ.incrementAndGet();
    return new Envelope<>("QrCode|" + code + ":" + seq + ":0", Topics.QR_SCANNED, 1, at, code,
        new Payloads.QrScanned(code, owner, at, "visitor" + seq, country, "Mozilla/5.0", null, "de-DE"));
  }

  private static Envelope<Payloads.UserLoggedIn> login(String user, String client, Instant at, int seq) {
    return new Envelope<>("UserAccount|" + user + ":" + seq, Topics.USER_LOGGED_IN, 1, at, user,
        new Payloads.UserLoggedIn(user, "u@example.com", client, at));
  }

  /** ml.anomaly.detected as docs/events.md describes it (its producer lives on another branch). */
  private static Envelope<Map<String, Object>> anomaly(String code, String owner, Instant end) {
    return new Envelope<>("ml-anomaly:" + code + ":" + end, Topics.ML_ANOMALY_DETECTED, 1, end, code,
        Map.of("code", code, "ownerId", owner, "kind", "spike", "score", 7.5, "expected", 12.0,
            "observed", 80.0, "windowStart", end.minusSeconds(3600).toString(), "windowEnd", end.toString()));
  }

  private static void awaitScans(String owner, long scans) {
    eventually(() -> services.rows("SELECT coalesce(sum(scans), 0) FROM workflow_db.insight_scan_minutes"
        + " WHERE owner_id = ?::uuid", owner).get(0).equals(Long.toString(scans)) ? true : null);
  }

  private static void awaitRows(String sql, String owner, int count) {
    eventually(() -> services.rows(sql, owner).size() == count ? true : null);
  }

  private static List<String> firings(UUID workflow) {
    return services.rows("SELECT firing_key, title FROM workflow_db.insight_firings WHERE workflow_id = ?"
        + " ORDER BY fired_at, firing_key", workflow);
  }

  private static List<String> titles(UUID workflow) {
    return services.rows("SELECT title FROM workflow_db.insight_firings WHERE workflow_id = ? ORDER BY title", workflow);
  }

  private static List<JsonNode> alertsOf(String owner) {
    return services.readAll(Topics.INSIGHTS_ALERT).stream()
        .filter(a -> a.get("payload").get("ownerId").asText().equals(owner)).toList();
  }
}
