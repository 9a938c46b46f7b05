package io.qrflow.projections.insights;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The insights service's own aggregates, written in the consumer transaction: scans per code and
 * minute, scans per owner, country and day, each code's tags and first scan, each owner's
 * countries (scans are folded in by {@link ScanFold}). Triggers and the feed read only these.
 */
final class ScanAggregates {

  private ScanAggregates() {}

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

  /** The tags of those of the codes the service knows. */
  static Map<String, List<String>> tagsOf(Connection c, Collection<String> codes) throws SQLException {
    Map<String, List<String>> tags = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT code, tags FROM workflow_db.insight_codes"
        + " WHERE code = ANY(?)")) {
      s.setArray(1, c.createArrayOf("text", codes.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) tags.put(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()));
      }
    }
    return tags;
  }
}
