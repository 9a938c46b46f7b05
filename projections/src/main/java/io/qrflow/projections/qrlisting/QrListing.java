package io.qrflow.projections.qrlisting;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Queries over {@code qr_service.qr_codes}: an owner's codes, newest first. Blocking; callers
 * run it on a blocking dispatcher.
 */
public final class QrListing {

  public record Row(
      String code,
      String target,
      String title,
      List<String> tags,
      String status,
      long totalScans,
      Instant lastScanAt,
      Instant createdAt,
      Instant updatedAt) {}

  public record Page(List<Row> items, long total, int page, int size) {}

  /** Optional filters: a tag the code must carry, and text in its code, title or target. */
  public record Filter(String tag, String search) {
    public static final Filter NONE = new Filter(null, null);
  }

  private static final String WHERE =
      " WHERE owner_id = ? AND (?::text IS NULL OR ? = ANY(tags))"
          + " AND (?::text IS NULL OR code ILIKE ? OR title ILIKE ? OR target ILIKE ?)";

  private final DataSource dataSource;

  public QrListing(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * One page (0-based) of the owner's codes. Rows and total come from one statement, so they
   * always describe the same snapshot of the table.
   */
  public Page page(String ownerId, Filter filter, int page, int size) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(
            "SELECT code, target, title, tags, status, total_scans, last_scan_at, created_at,"
                + " updated_at, count(*) OVER () AS total FROM qr_service.qr_codes" + WHERE
                + " ORDER BY created_at DESC, code LIMIT ? OFFSET ?")) {
      int next = bindFilter(select, ownerId, filter);
      select.setInt(next, size);
      select.setLong(next + 1, (long) page * size);
      List<Row> rows = new ArrayList<>();
      long total = 0;
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
          total = rs.getLong("total");
        }
      }
      if (rows.isEmpty() && page > 0) total = count(c, ownerId, filter); // past the last page
      return new Page(rows, total, page, size);
    }
  }

  private static long count(Connection c, String ownerId, Filter filter) throws SQLException {
    try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM qr_service.qr_codes" + WHERE)) {
      bindFilter(count, ownerId, filter);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static int bindFilter(PreparedStatement s, String ownerId, Filter filter)
      throws SQLException {
    String pattern = filter.search() == null ? null : "%" + escapeLike(filter.search()) + "%";
    s.setObject(1, UUID.fromString(ownerId));
    s.setString(2, filter.tag());
    s.setString(3, filter.tag());
    s.setString(4, pattern);
    s.setString(5, pattern);
    s.setString(6, pattern);
    s.setString(7, pattern);
    return 8;
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static Row row(ResultSet rs) throws SQLException {
    Array tags = rs.getArray("tags");
    return new Row(
        rs.getString("code"),
        rs.getString("target"),
        rs.getString("title"),
        Arrays.asList((String[]) tags.getArray()),
        rs.getString("status"),
        rs.getLong("total_scans"),
        instant(rs, "last_scan_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    var ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}
