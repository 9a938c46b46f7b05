package io.qrflow.projections.analytics;

import io.qrflow.projections.analytics.AnalyticsReport.KeyCount;
import io.qrflow.projections.analytics.AnalyticsReport.TopCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The statements reading the rollups of {@code qr_analytics}. */
final class RollupReads {

  record CountRow(Instant start, long human, long bot, long visitors) {}

  private static final Comparator<KeyCount> BY_COUNT =
      Comparator.comparingLong(KeyCount::count).reversed().thenComparing(KeyCount::key);

  private RollupReads() {}

  /**
   * Whether the code belongs to the owner: from the code's own messages, or from the QR listing
   * for a code created a moment ago whose qr.created has not been consumed yet.
   */
  static boolean owns(Connection c, UUID owner, String code) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT owner_id FROM qr_analytics.codes WHERE code = ?"
            + " UNION ALL SELECT owner_id FROM qr_service.qr_codes WHERE code = ? LIMIT 1")) {
      s.setString(1, code);
      s.setString(2, code);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && owner.equals(rs.getObject(1, UUID.class));
      }
    }
  }

  /** Minute or hour rows whose start lies in the range. */
  static List<CountRow> counts(Connection c, String subject, boolean minutes, AnalyticsRange range)
      throws SQLException {
    String sql = minutes
        ? "SELECT minute, human, bot, visitors FROM qr_analytics.minutes WHERE subject = ?"
            + " AND minute >= ? AND minute < ? ORDER BY minute"
        : "SELECT hour, human, bot, visitors FROM qr_analytics.hours WHERE subject = ?"
            + " AND hour >= ? AND hour < ? ORDER BY hour";
    List<CountRow> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, subject);
      s.setTimestamp(2, Timestamp.from(range.from()));
      s.setTimestamp(3, Timestamp.from(range.to()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new CountRow(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    return rows;
  }

  /**
   * Per dimension (and 'bot'), the counts of each key over the range: whole UTC days inside it
   * from the day rows, the hours before the first and after the last whole day from hour rows.
   */
  static Map<String, List<KeyCount>> dimensions(Connection c, String subject, AnalyticsRange range)
      throws SQLException {
    WholeDays whole = WholeDays.of(range);
    Map<String, List<KeyCount>> byDimension = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT dimension, key, sum(count) FROM ("
        + " SELECT dimension, key, count FROM qr_analytics.day_dimensions WHERE subject = ?"
        + "   AND day >= ?::date AND day < ?::date"
        + " UNION ALL SELECT dimension, key, count FROM qr_analytics.hour_dimensions WHERE subject = ?"
        + "   AND ((hour >= ? AND hour < ?) OR (hour >= ? AND hour < ?))) x"
        + " GROUP BY dimension, key")) {
      s.setString(1, subject);
      s.setString(4, subject);
      whole.bind(s, 2, 5, range);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          byDimension.computeIfAbsent(rs.getString(1), d -> new ArrayList<>())
              .add(new KeyCount(rs.getString(2), rs.getLong(3)));
        }
      }
    }
    byDimension.values().forEach(list -> list.sort(BY_COUNT));
    return byDimension;
  }

  /** The owner's codes with the most human scans in the range (days and hours as above). */
  static List<TopCode> topCodes(Connection c, UUID owner, AnalyticsRange range, int limit)
      throws SQLException {
    WholeDays whole = WholeDays.of(range);
    List<TopCode> top = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT x.code, k.title, sum(x.human) AS n FROM ("
        + "   SELECT code, human FROM qr_analytics.owner_code_days WHERE owner_id = ?"
        + "     AND day >= ?::date AND day < ?::date"
        + "   UNION ALL SELECT code, human FROM qr_analytics.owner_code_hours WHERE owner_id = ?"
        + "     AND ((hour >= ? AND hour < ?) OR (hour >= ? AND hour < ?))) x"
        + " LEFT JOIN qr_analytics.codes k ON k.code = x.code"
        + " GROUP BY x.code, k.title HAVING sum(x.human) > 0 ORDER BY n DESC, x.code LIMIT ?")) {
      s.setObject(1, owner);
      s.setObject(4, owner);
      whole.bind(s, 2, 5, range);
      s.setInt(9, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) top.add(new TopCode(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
    }
    return top;
  }

  /** The whole UTC days inside a range ({@code from == to} when there are none). */
  private record WholeDays(Instant from, Instant to) {

    static WholeDays of(AnalyticsRange range) {
      LocalDate first = range.from().atOffset(ZoneOffset.UTC).toLocalDate();
      Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
      if (from.isBefore(range.from())) from = first.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant to = range.to().atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
      return from.isBefore(to) ? new WholeDays(from, to) : new WholeDays(range.to(), range.to());
    }

    /**
     * Binds the first and after-last whole day at {@code dayAt}, and the hour ranges before and
     * after the whole days (from, to, from, to) at {@code hourAt}.
     */
    void bind(PreparedStatement s, int dayAt, int hourAt, AnalyticsRange range) throws SQLException {
      s.setObject(dayAt, from.atOffset(ZoneOffset.UTC).toLocalDate());
      s.setObject(dayAt + 1, to.atOffset(ZoneOffset.UTC).toLocalDate());
      s.setTimestamp(hourAt, Timestamp.from(range.from()));
      s.setTimestamp(hourAt + 1, Timestamp.from(from));
      s.setTimestamp(hourAt + 2, Timestamp.from(to));
      s.setTimestamp(hourAt + 3, Timestamp.from(range.to()));
    }
  }
}
