package io.qrflow.projections.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Fires digest workflows. Each round looks at the clock, finds every digest's latest scheduled
 * time (daily or weekly, at a local time in the workflow's zone) and records its firing unless
 * that occurrence has one already (its firing key holds the occurrence) or lies before the
 * workflow existed. A node that was down fires the latest missed occurrence once, not every one.
 */
final class DigestScheduler {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final DataSource dataSource;
  private final Clock clock;

  DigestScheduler(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  static ZonedDateTime latestOccurrence(Workflow.Trigger t, Instant now) {
    ZonedDateTime local = now.atZone(t.zoneId());
    ZonedDateTime at = local.with(t.localTime()).truncatedTo(ChronoUnit.MINUTES);
    if ("weekly".equals(t.period())) {
      at = at.with(TemporalAdjusters.previousOrSame(t.dayOfWeek()));
      return at.isAfter(local) ? at.minusWeeks(1) : at;
    }
    return at.isAfter(local) ? at.minusDays(1) : at;
  }

  /** Number of digests that fired in this round. */
  int round() throws SQLException {
    Instant now = clock.instant();
    int fired = 0;
    try (Connection c = dataSource.getConnection()) {
      for (Workflow w : Workflows.enabledDigests(c)) {
        ZonedDateTime occurrence = latestOccurrence(w.trigger(), now);
        if (occurrence.toInstant().isBefore(w.createdAt())) continue;
        String key = w.id() + ":digest:" + occurrence.toInstant();
        if (exists(c, key)) continue;
        ZonedDateTime from = "weekly".equals(w.trigger().period()) ? occurrence.minusWeeks(1) : occurrence.minusDays(1);
        String detail = summary(c, UUID.fromString(w.ownerId()), from, occurrence);
        String title = ("weekly".equals(w.trigger().period()) ? "Weekly" : "Daily") + " digest";
        if (Firings.record(c, new Firings.Firing(key, w, Workflow.DIGEST, title, detail, null,
            occurrence.toInstant()))) {
          fired++;
        }
      }
    }
    return fired;
  }

  private static String summary(Connection c, UUID owner, ZonedDateTime from, ZonedDateTime to)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT code, sum(scans) FROM"
        + " workflow_db.insight_scan_minutes WHERE owner_id = ? AND minute >= ? AND minute < ?"
        + " GROUP BY code ORDER BY 2 DESC, 1")) {
      s.setObject(1, owner);
      s.setTimestamp(2, Timestamp.from(from.toInstant()));
      s.setTimestamp(3, Timestamp.from(to.toInstant()));
      long total = 0;
      String top = null;
      long topScans = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (top == null) {
            top = rs.getString(1);
            topScans = rs.getLong(2);
          }
          total += rs.getLong(2);
        }
      }
      String period = from.format(LOCAL) + " to " + to.format(LOCAL) + " (" + to.getZone() + ")";
      return total + " scans from " + period
          + (top == null ? "." : "; top code " + top + " with " + topScans + ".");
    }
  }

  private static boolean exists(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM workflow_db.insight_firings WHERE firing_key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
