package io.qrflow.projections.insights;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The insights service's own aggregates, written in the consumer transaction: scans per code and
 * minute, scans per owner, country and day, each code's tags and first scan, each owner's
 * countries. Triggers and the feed read only these.
 */
final class ScanAggregates {

  /** What a scan was the first of. */
  record Firsts(boolean firstScanOfCode, boolean firstFromCountry) {}

  private ScanAggregates() {}

  static Firsts scan(Connection c, UUID owner, String code, Instant at, String country) throws SQLException {
    Timestamp minute = Timestamp.from(at.truncatedTo(ChronoUnit.MINUTES));
    Sql.update(c, "INSERT INTO workflow_db.insight_scan_minutes(code, minute, owner_id, scans)"
        + " VALUES (?, ?, ?, 1) ON CONFLICT (code, minute) DO UPDATE SET"
        + " scans = workflow_db.insight_scan_minutes.scans + 1", code, minute, owner);
    Sql.update(c, "INSERT INTO workflow_db.insight_codes(code, owner_id) VALUES (?, ?)"
        + " ON CONFLICT (code) DO NOTHING", code, owner);
    boolean firstScan = Sql.update(c, "UPDATE workflow_db.insight_codes SET first_scan_at = ?"
        + " WHERE code = ? AND first_scan_at IS NULL", Timestamp.from(at), code) == 1;
    boolean firstFromCountry = false;
    if (country != null) {
      Sql.update(c, "INSERT INTO workflow_db.insight_country_days(owner_id, country, day, scans)"
          + " VALUES (?, ?, ?, 1) ON CONFLICT (owner_id, day, country) DO UPDATE SET"
          + " scans = workflow_db.insight_country_days.scans + 1",
          owner, country, at.atOffset(ZoneOffset.UTC).toLocalDate());
      firstFromCountry = Sql.update(c, "INSERT INTO workflow_db.insight_owner_countries(owner_id,"
          + " country, first_seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
          owner, country, Timestamp.from(at)) == 1;
    }
    return new Firsts(firstScan, firstFromCountry);
  }

  /** Tags follow qr.created and qr.updated (details); an older change never overwrites a newer one. */
  static void tags(Connection c, String code, UUID owner, List<String> tags, Instant at) throws SQLException {
    Sql.update(c, "INSERT INTO workflow_db.insight_codes(code, owner_id, tags, tags_changed_at)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET tags = EXCLUDED.tags,"
        + " tags_changed_at = EXCLUDED.tags_changed_at WHERE workflow_db.insight_codes.tags_changed_at"
        + " IS NULL OR workflow_db.insight_codes.tags_changed_at < EXCLUDED.tags_changed_at",
        code, owner, c.createArrayOf("text", tags.toArray()), Timestamp.from(at));
  }

  static void deleted(Connection c, String code, UUID owner, Instant at) throws SQLException {
    Sql.update(c, "INSERT INTO workflow_db.insight_codes(code, owner_id, deleted_at) VALUES (?, ?, ?)"
        + " ON CONFLICT (code) DO UPDATE SET deleted_at = EXCLUDED.deleted_at", code, owner,
        Timestamp.from(at));
  }

  /** Scans of a code, or of the owner's codes with a tag, in the minutes (end - window, end]. */
  static long scansInWindow(Connection c, UUID owner, String code, String tag, Instant end,
      int windowMinutes) throws SQLException {
    Instant last = end.truncatedTo(ChronoUnit.MINUTES);
    Timestamp from = Timestamp.from(last.minus(windowMinutes, ChronoUnit.MINUTES));
    String sql = code != null
        ? "SELECT coalesce(sum(scans), 0) FROM workflow_db.insight_scan_minutes"
            + " WHERE owner_id = ? AND code = ? AND minute > ? AND minute <= ?"
        : "SELECT coalesce(sum(m.scans), 0) FROM workflow_db.insight_scan_minutes m"
            + " JOIN workflow_db.insight_codes q ON q.code = m.code WHERE m.owner_id = ?"
            + " AND ? = ANY(q.tags) AND m.minute > ? AND m.minute <= ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, owner);
      s.setString(2, code != null ? code : tag);
      s.setTimestamp(3, from);
      s.setTimestamp(4, Timestamp.from(last));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static List<String> tagsOf(Connection c, String code) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT tags FROM workflow_db.insight_codes WHERE code = ?")) {
      s.setString(1, code);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? List.of((String[]) rs.getArray(1).getArray()) : List.of();
      }
    }
  }
}
