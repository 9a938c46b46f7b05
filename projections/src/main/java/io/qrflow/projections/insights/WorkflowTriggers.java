package io.qrflow.projections.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Event triggers, evaluated in the consumer transaction right after the aggregates moved. */
final class WorkflowTriggers {

  private WorkflowTriggers() {}

  static void onScan(Connection c, UUID owner, String code, Instant at, String country, String eventId,
      ScanAggregates.Firsts firsts) throws SQLException {
    List<Workflow> workflows = Workflows.enabled(c, owner.toString(),
        Workflow.SCAN_THRESHOLD, Workflow.FIRST_SCAN, Workflow.NEW_COUNTRY);
    for (Workflow w : workflows) {
      Workflow.Trigger t = w.trigger();
      switch (t.kind()) {
        case Workflow.FIRST_SCAN -> {
          if (firsts.firstScanOfCode() && t.matchesCode(code)) {
            Firings.record(c, new Firings.Firing(w.id() + ":first-scan:" + code, w, t.kind(),
                "First scan of " + code, code + " was scanned for the first time.", code, at));
          }
        }
        case Workflow.NEW_COUNTRY -> {
          if (firsts.firstFromCountry() && t.matchesCode(code)) {
            Firings.record(c, new Firings.Firing(w.id() + ":new-country:" + country, w, t.kind(),
                "First scan from " + country, code + " was scanned from " + country
                    + ", a country none of your codes had seen before.", code, at));
          }
        }
        case Workflow.SCAN_THRESHOLD -> threshold(c, w, owner, code, at, eventId);
        default -> { } // other kinds do not react to scans
      }
    }
  }

  static void onAnomaly(Connection c, UUID owner, String code, String kind, double observed,
      double expected, Instant at, String eventId) throws SQLException {
    for (Workflow w : Workflows.enabled(c, owner.toString(), Workflow.ANOMALY)) {
      if (!w.trigger().matchesCode(code)) continue;
      Firings.record(c, new Firings.Firing(w.id() + ":anomaly:" + eventId, w, Workflow.ANOMALY,
          "Unusual scans of " + code + " (" + kind + ")",
          String.format(java.util.Locale.ROOT, "%s: %.0f scans where about %.0f were expected.",
              code, observed, expected), code, at));
    }
  }

  /**
   * Fires when the window ending at this scan holds at least {@code threshold} scans, unless the
   * workflow fired within the last window (one alert per burst). Tag workflows see scans of many
   * codes, consumed in parallel: the workflow's lock makes the check-then-record atomic.
   */
  private static void threshold(Connection c, Workflow w, UUID owner, String code, Instant at,
      String eventId) throws SQLException {
    Workflow.Trigger t = w.trigger();
    boolean matches = t.code() != null ? t.code().equals(code)
        : ScanAggregates.tagsOf(c, code).contains(t.tag());
    if (!matches) return;
    long scans = ScanAggregates.scansInWindow(c, owner, t.code(), t.tag(), at, t.windowMinutes());
    if (scans < t.threshold()) return;
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "workflow:" + w.id());
      lock.execute();
    }
    if (firedSince(c, w.id(), at.minus(t.windowMinutes(), ChronoUnit.MINUTES))) return;
    String subject = t.code() != null ? t.code() : "tag " + t.tag();
    Firings.record(c, new Firings.Firing(w.id() + ":threshold:" + eventId, w, Workflow.SCAN_THRESHOLD,
        subject + ": " + scans + " scans in " + t.windowMinutes() + " min",
        subject + " reached " + scans + " scans within " + t.windowMinutes()
            + " minutes (threshold " + t.threshold() + ").", code, at));
  }

  private static boolean firedSince(Connection c, UUID workflow, Instant since) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM workflow_db.insight_firings"
        + " WHERE workflow_id = ? AND fired_at > ? LIMIT 1")) {
      s.setObject(1, workflow);
      s.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
