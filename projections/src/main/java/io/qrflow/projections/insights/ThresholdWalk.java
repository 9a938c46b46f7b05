package io.qrflow.projections.insights;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A scan-threshold workflow over the matching scans of a batch. It fires at a scan when the window
 * ending at that scan's minute, {@code (minute - windowMinutes, minute]}, holds at least {@code
 * threshold} scans counted up to that scan, unless the workflow fired within the last window (one
 * alert per burst). The window's stored minutes are read once, before the batch is counted; each
 * scan's count then follows in memory, as if the scans had come one by one.
 */
final class ThresholdWalk {

  private record Crossing(ScanFold.Scan scan, long scans) {}

  private final Workflow workflow;
  private final List<Crossing> crossings;

  private ThresholdWalk(Workflow workflow, List<Crossing> crossings) {
    this.workflow = workflow;
    this.crossings = crossings;
  }

  /**
   * {@code scans}: the batch's scans this workflow counts (its code, or its owner's codes with its
   * tag). Takes the workflow's lock first, held until the transaction ends: a tag workflow counts
   * codes consumed on several partitions at once, and a batch must read the window only after any
   * other batch of the same workflow has committed, or two batches that together cross the
   * threshold each see only their own half. Callers load workflows in id order (no deadlocks).
   */
  static ThresholdWalk load(Connection c, Workflow w, List<ScanFold.Scan> scans) throws SQLException {
    Sql.lockUntilCommit(c, "workflow:" + w.id());
    Workflow.Trigger t = w.trigger();
    Instant first = scans.stream().map(ScanFold.Scan::minute).min(Instant::compareTo).orElseThrow();
    Instant last = scans.stream().map(ScanFold.Scan::minute).max(Instant::compareTo).orElseThrow();
    String sql = t.code() != null
        ? "SELECT minute, scans FROM workflow_db.insight_scan_minutes"
            + " WHERE owner_id = ? AND code = ? AND minute > ? AND minute <= ?"
        : "SELECT m.minute, sum(m.scans) FROM workflow_db.insight_scan_minutes m"
            + " JOIN workflow_db.insight_codes q ON q.code = m.code WHERE m.owner_id = ?"
            + " AND ? = ANY(q.tags) AND m.minute > ? AND m.minute <= ? GROUP BY m.minute";
    NavigableMap<Instant, Long> stored = new TreeMap<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, UUID.fromString(w.ownerId()));
      s.setString(2, t.code() != null ? t.code() : t.tag());
      s.setTimestamp(3, Timestamp.from(first.minus(t.windowMinutes(), ChronoUnit.MINUTES)));
      s.setTimestamp(4, Timestamp.from(last));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) stored.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
      }
    }
    return new ThresholdWalk(w, crossings(t, scans, stored));
  }

  void fire(Connection c) throws SQLException {
    if (crossings.isEmpty()) return;
    Workflow.Trigger t = workflow.trigger();
    Instant lastFired = lastFiring(c);
    String subject = t.code() != null ? t.code() : "tag " + t.tag();
    for (Crossing crossing : crossings) {
      ScanFold.Scan scan = crossing.scan();
      if (lastFired != null && lastFired.isAfter(scan.at().minus(t.windowMinutes(), ChronoUnit.MINUTES))) {
        continue;
      }
      Firings.record(c, new Firings.Firing(workflow.id() + ":threshold:" + scan.eventId(), workflow,
          Workflow.SCAN_THRESHOLD,
          subject + ": " + crossing.scans() + " scans in " + t.windowMinutes() + " min",
          subject + " reached " + crossing.scans() + " scans within " + t.windowMinutes()
              + " minutes (threshold " + t.threshold() + ").", scan.code(), scan.at()));
      if (lastFired == null || scan.at().isAfter(lastFired)) lastFired = scan.at();
    }
  }

  /**
   * The scans whose window reached the threshold, with the window's count right after them. The
   * stored part of a window is summed once per distinct minute: a long window holds many stored
   * minutes, a batch few.
   */
  private static List<Crossing> crossings(Workflow.Trigger t, List<ScanFold.Scan> scans,
      NavigableMap<Instant, Long> stored) {
    Map<Instant, Long> storedWindows = new HashMap<>();
    NavigableMap<Instant, Long> batch = new TreeMap<>();
    List<Crossing> crossings = new ArrayList<>();
    for (ScanFold.Scan scan : scans) {
      Instant minute = scan.minute();
      Instant from = minute.minus(t.windowMinutes(), ChronoUnit.MINUTES);
      long inWindow = storedWindows.computeIfAbsent(minute, m -> sum(stored.subMap(from, false, m, true)));
      batch.merge(minute, 1L, Long::sum);
      inWindow += sum(batch.subMap(from, false, minute, true));
      if (inWindow >= t.threshold()) crossings.add(new Crossing(scan, inWindow));
    }
    return crossings;
  }

  private static long sum(Map<Instant, Long> minutes) {
    return minutes.values().stream().mapToLong(Long::longValue).sum();
  }

  private Instant lastFiring(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT max(fired_at) FROM workflow_db.insight_firings"
        + " WHERE workflow_id = ?")) {
      s.setObject(1, workflow.id());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        Timestamp last = rs.getTimestamp(1);
        return last == null ? null : last.toInstant();
      }
    }
  }
}
