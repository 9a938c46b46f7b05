package io.qrflow.projections.micrositelisting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Queries over {@code microsite_service.microsites}: an owner's microsites, newest first.
 * Blocking; callers run it on a blocking dispatcher.
 */
public final class MicrositeListing {

  public record Row(String slug, String title, String tagline, boolean published, int version,
      int blockCount, String generationStatus, long views, long clicks, Instant createdAt,
      Instant updatedAt) {}

  public record Page(List<Row> items, long total, int page, int size) {}

  private final DataSource dataSource;

  public MicrositeListing(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One page (0-based); rows and total from one statement. */
  public Page page(String ownerId, int page, int size) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT slug, title, tagline, published, version,"
            + " block_count, generation_status, views, clicks, created_at, updated_at,"
            + " count(*) OVER () AS total FROM microsite_service.microsites WHERE owner_id = ?"
            + " ORDER BY created_at DESC, slug LIMIT ? OFFSET ?")) {
      s.setObject(1, UUID.fromString(ownerId));
      s.setInt(2, size);
      s.setLong(3, (long) page * size);
      List<Row> rows = new ArrayList<>();
      long total = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString("slug"), rs.getString("title"), rs.getString("tagline"),
              rs.getBoolean("published"), rs.getInt("version"), rs.getInt("block_count"),
              rs.getString("generation_status"), rs.getLong("views"), rs.getLong("clicks"),
              rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()));
          total = rs.getLong("total");
        }
      }
      if (rows.isEmpty() && page > 0) total = count(c, ownerId);
      return new Page(rows, total, page, size);
    }
  }

  private static long count(Connection c, String ownerId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM microsite_service.microsites WHERE owner_id = ?")) {
      s.setObject(1, UUID.fromString(ownerId));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
