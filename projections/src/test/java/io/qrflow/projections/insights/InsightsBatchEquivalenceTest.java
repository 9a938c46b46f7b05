package io.qrflow.projections.insights;

import static io.qrflow.projections.insights.ScanBatches.code;
import static io.qrflow.projections.insights.ScanBatches.created;
import static io.qrflow.projections.insights.ScanBatches.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qrflow.projections.contracts.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The same stream of messages for two owners: one owner's applied in batches of mixed sizes, the
 * other's one message per transaction. With names mapped to roles, every aggregate row and every
 * firing must be the same.
 */
class InsightsBatchEquivalenceTest {

  private static final String[] COUNTRIES = {"DE", "FR", "US", null};
  private static final List<Integer> BATCH_SIZES = List.of(10, 25, 1, 40, 3);

  private final ScanBatches batches = new ScanBatches();

  @Test
  void givenOneStream_whenAppliedInBatchesOrOneByOne_thenAggregatesAndFiringsAreTheSame() throws Exception {
    List<String> batched = outcome(true);
    List<String> oneByOne = outcome(false);
    assertEquals(oneByOne, batched);
    for (String kind : List.of("threshold code", "threshold tag", Workflow.FIRST_SCAN, Workflow.NEW_COUNTRY)) {
      assertTrue(batched.stream().filter(r -> r.startsWith("firing|" + kind + "|")).count() >= 2,
          "the stream fires " + kind + " more than once: " + batched);
    }
  }

  /** Feeds the stream to a fresh owner and returns its rows, with owner-specific names replaced. */
  private List<String> outcome(boolean inBatches) throws Exception {
    String owner = UUID.randomUUID().toString();
    Map<String, String> roles = new LinkedHashMap<>();
    List<String> codes = new ArrayList<>();
    for (String role : List.of("x1", "x2", "x3", "x4")) {
      String code = code(role);
      codes.add(code);
      roles.put(code, role);
    }
    for (var w : List.of(batches.threshold(owner, codes.get(0), null, 4, 5),
        batches.threshold(owner, null, "print", 6, 6), batches.simple(owner, Workflow.FIRST_SCAN, null),
        batches.simple(owner, Workflow.NEW_COUNTRY, null))) {
      roles.put(w.id().toString(), w.name().startsWith("threshold") ? "threshold " + (w.trigger().code() != null
          ? "code" : "tag") : w.name());
    }
    Instant t0 = Instant.parse("2026-10-04T23:50:00Z");
    Map<String, String> events = new LinkedHashMap<>(); // event ids hold their code: named first
    List<Envelope<?>> stream = new ArrayList<>();
    stream.add(created(codes.get(1), owner, List.of("print"), t0));
    stream.add(created(codes.get(2), owner, List.of("print", "summer"), t0));
    var random = new Random(42);
    for (int i = 0; i < 120; i++) {
      // mostly in time order, sometimes a little late, as scans from several edge nodes arrive
      Instant at = t0.plusSeconds(i * 10L - (random.nextInt(5) == 0 ? random.nextInt(400) : 0));
      var scan = scan(codes.get(random.nextInt(codes.size())), owner, at, COUNTRIES[random.nextInt(COUNTRIES.length)]);
      stream.add(scan);
      events.put(scan.eventId(), "scan" + i);
    }
    stream.add(3, created(codes.get(3), owner, List.of("print"), t0)); // between scans: applied in place
    if (inBatches) {
      int from = 0;
      for (int i = 0; from < stream.size(); i++) {
        int to = Math.min(stream.size(), from + BATCH_SIZES.get(i % BATCH_SIZES.size()));
        batches.apply(stream.subList(from, to));
        from = to;
      }
    } else {
      batches.applyOneByOne(stream);
    }
    List<String> rows = new ArrayList<>();
    var services = batches.services;
    services.rows("SELECT 'minute', code, minute AT TIME ZONE 'UTC', scans FROM workflow_db.insight_scan_minutes"
        + " WHERE owner_id = ?::uuid ORDER BY code, minute", owner).forEach(rows::add);
    services.rows("SELECT 'code', code, tags, first_scan_at AT TIME ZONE 'UTC' FROM workflow_db.insight_codes"
        + " WHERE owner_id = ?::uuid ORDER BY code", owner).forEach(rows::add);
    services.rows("SELECT 'day', country, day, scans FROM workflow_db.insight_country_days"
        + " WHERE owner_id = ?::uuid ORDER BY day, country", owner).forEach(rows::add);
    services.rows("SELECT 'country', country, first_seen_at AT TIME ZONE 'UTC' FROM"
        + " workflow_db.insight_owner_countries WHERE owner_id = ?::uuid ORDER BY country", owner).forEach(rows::add);
    services.rows("SELECT 'firing', workflow_id, firing_key, kind, title, detail, code, fired_at AT TIME ZONE 'UTC'"
        + " FROM workflow_db.insight_firings WHERE owner_id = ?::uuid ORDER BY firing_key", owner).forEach(rows::add);
    return rows.stream().map(row -> {
      String named = row;
      for (var event : events.entrySet()) named = named.replace(event.getKey(), event.getValue());
      for (var role : roles.entrySet()) named = named.replace(role.getKey(), role.getValue());
      return named;
    }).sorted().toList();
  }
}
