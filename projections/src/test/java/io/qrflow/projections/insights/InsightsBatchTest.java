package io.qrflow.projections.insights;

import static io.qrflow.projections.insights.ScanBatches.code;
import static io.qrflow.projections.insights.ScanBatches.created;
import static io.qrflow.projections.insights.ScanBatches.scan;
import static io.qrflow.projections.testing.ServiceFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Batches of scans handed to the insights handler in one transaction, on real PostgreSQL: the
 * folded aggregates, and firings at the same scans as one message at a time would give.
 */
class InsightsBatchTest {

  private final ScanBatches batches = new ScanBatches();

  @Test
  void givenAThresholdOf5In10Minutes_whenItIsCrossedInsideABatch_thenItFiresOnceAtTheCrossingScan() throws Exception {
    String owner = UUID.randomUUID().toString();
    String code = code("bt");
    var workflow = batches.threshold(owner, code, null, 5, 10);
    Instant t0 = Instant.parse("2026-10-01T10:00:00Z");
    batches.apply(scans(code, owner, t0, 0, 3));
    assertEquals(List.of(), batches.firings(workflow.id()), "3 scans are not 5");

    var second = scans(code, owner, t0, 3, 6); // 10:00:30 .. 10:01:20
    batches.apply(second);
    String first = workflow.id() + ":threshold:" + second.get(1).eventId() + "|" + code + ": 5 scans in 10 min|"
        + code + "|2026-10-01 10:00:40";
    assertEquals(List.of(first), batches.firings(workflow.id()), "fires at the 5th scan, the batch's 2nd");
    assertEquals(List.of("2026-10-01 10:00:00|6", "2026-10-01 10:01:00|3"), minutes(code));

    batches.apply(scans(code, owner, t0.plusSeconds(300), 0, 5));
    assertEquals(List.of(first), batches.firings(workflow.id()), "one alert per burst, across batches");

    var later = scans(code, owner, t0.plusSeconds(1_800), 0, 7);
    batches.apply(later);
    assertEquals(List.of(first, workflow.id() + ":threshold:" + later.get(4).eventId() + "|" + code
        + ": 5 scans in 10 min|" + code + "|2026-10-01 10:30:40"), batches.firings(workflow.id()),
        "a burst after the window fires again, at its 5th scan");
    assertEquals(List.of("2026-10-01 10:00:00|6", "2026-10-01 10:01:00|3", "2026-10-01 10:05:00|5",
        "2026-10-01 10:30:00|6", "2026-10-01 10:31:00|1"), minutes(code));
  }

  @Test
  void givenFirstScanAndNewCountryWorkflows_whenBatchesHoldRepeats_thenEachFiresOnceForTheFirstScan() throws Exception {
    String owner = UUID.randomUUID().toString();
    String a = code("fa");
    String b = code("fb");
    String c = code("fc");
    var first = batches.simple(owner, Workflow.FIRST_SCAN, null);
    var country = batches.simple(owner, Workflow.NEW_COUNTRY, null);
    Instant t0 = Instant.parse("2026-10-02T23:58:00Z");
    batches.apply(List.of(scan(a, owner, t0.plusSeconds(30), "DE"), scan(a, owner, t0, "DE"),
        scan(a, owner, t0.plusSeconds(60), "FR"), scan(b, owner, t0.plusSeconds(90), "DE"),
        scan(b, owner, t0.plusSeconds(100), null), scan(a, owner, t0.plusSeconds(150), "DE")));
    batches.apply(List.of(scan(a, owner, t0.plusSeconds(200), "DE"), scan(c, owner, t0.plusSeconds(210), "US"),
        scan(c, owner, t0.plusSeconds(220), "DE")));

    assertEquals(List.of(a + "|2026-10-02 23:58:30", b + "|2026-10-02 23:59:30", c + "|2026-10-03 00:01:30"),
        batches.services.rows("SELECT code, first_scan_at AT TIME ZONE 'UTC' FROM workflow_db.insight_codes"
            + " WHERE owner_id = ?::uuid ORDER BY first_scan_at", owner), "the first scan in partition order");
    assertEquals(List.of("DE|2026-10-02|3", "FR|2026-10-02|1", "DE|2026-10-03|3", "US|2026-10-03|1"),
        batches.services.rows("SELECT country, day, scans FROM workflow_db.insight_country_days"
            + " WHERE owner_id = ?::uuid ORDER BY day, country", owner));
    assertEquals(List.of("DE|2026-10-02 23:58:30", "FR|2026-10-02 23:59:00", "US|2026-10-03 00:01:30"),
        batches.services.rows("SELECT country, first_seen_at AT TIME ZONE 'UTC' FROM"
            + " workflow_db.insight_owner_countries WHERE owner_id = ?::uuid ORDER BY first_seen_at", owner));
    assertEquals(List.of(
            first.id() + ":first-scan:" + a + "|First scan of " + a + "|" + a + "|2026-10-02 23:58:30",
            first.id() + ":first-scan:" + b + "|First scan of " + b + "|" + b + "|2026-10-02 23:59:30",
            first.id() + ":first-scan:" + c + "|First scan of " + c + "|" + c + "|2026-10-03 00:01:30"),
        batches.firings(first.id()));
    assertEquals(List.of(
            country.id() + ":new-country:DE|First scan from DE|" + a + "|2026-10-02 23:58:30",
            country.id() + ":new-country:FR|First scan from FR|" + a + "|2026-10-02 23:59:00",
            country.id() + ":new-country:US|First scan from US|" + c + "|2026-10-03 00:01:30"),
        batches.firings(country.id()));
  }

  /**
   * Two partitions' batches cross a tag threshold at once: the second waits for the first's lock,
   * then sees its firing and stays quiet.
   */
  @Test
  void givenATagThreshold_whenTwoPartitionsCrossItConcurrently_thenItFiresOnce() throws Exception {
    String owner = UUID.randomUUID().toString();
    String p1 = code("p1");
    String p2 = code("p2");
    Instant t0 = Instant.parse("2026-10-03T10:00:00Z");
    batches.apply(List.of(created(p1, owner, List.of("print"), t0), created(p2, owner, List.of("print"), t0)));
    var workflow = batches.threshold(owner, null, "print", 3, 10);
    var first = scans(p1, owner, t0, 0, 3);
    try (Connection one = batches.services.pool.getConnection();
        Connection two = batches.services.pool.getConnection()) {
      one.setAutoCommit(false);
      two.setAutoCommit(false);
      InsightsConsumer.definition().handler().applyAll(one, ScanBatches.messages(first));
      int twoPid = pid(two);
      var second = CompletableFuture.runAsync(() -> {
        try {
          InsightsConsumer.definition().handler().applyAll(two, ScanBatches.messages(scans(p2, owner, t0, 0, 3)));
          two.commit();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      eventually(() -> second.isDone() || batches.services.rows("SELECT wait_event_type FROM"
          + " pg_stat_activity WHERE pid = ?", twoPid).equals(List.of("Lock")) ? true : null);
      one.commit();
      second.get(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of(workflow.id() + ":threshold:" + first.get(2).eventId() + "|tag print: 3 scans in 10 min|"
        + p1 + "|2026-10-03 10:00:20"), batches.firings(workflow.id()));
  }

  /** {@code count} scans of a code, 10 s apart, the first {@code from * 10} s after {@code t0}. */
  private static List<Envelope<Payloads.QrScanned>> scans(String code, String owner, Instant t0, int from, int count) {
    List<Envelope<Payloads.QrScanned>> scans = new ArrayList<>();
    for (int i = from; i < from + count; i++) scans.add(scan(code, owner, t0.plusSeconds(10L * i), null));
    return scans;
  }

  private List<String> minutes(String code) {
    return batches.services.rows("SELECT minute AT TIME ZONE 'UTC', scans FROM"
        + " workflow_db.insight_scan_minutes WHERE code = ? ORDER BY minute", code);
  }

  private static int pid(Connection c) throws Exception {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
