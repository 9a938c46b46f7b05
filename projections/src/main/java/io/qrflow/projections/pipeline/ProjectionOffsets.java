package io.qrflow.projections.pipeline;

import io.qrflow.projections.pipeline.PipelineStatus.OffsetView;
import io.qrflow.projections.pipeline.PipelineStatus.ProjectionView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every stored projection offset and how many events of its tag the journal has beyond it. */
final class ProjectionOffsets {

  // A SEQ offset is the journal ordering, which event_tag.event_id refers to; the count uses the
  // (tag, event_id) index. Other offset kinds have no ordering to count from: lag stays null.
  private static final String SELECT = "SELECT o.projection_name, o.projection_key, o.manifest,"
      + " o.current_offset, o.last_updated,"
      + " CASE WHEN o.manifest = 'SEQ' AND o.current_offset ~ '^[0-9]{1,18}$' THEN"
      + "   (SELECT count(*) FROM journal.event_tag t"
      + "     WHERE t.tag = o.projection_key AND t.event_id > o.current_offset::bigint)"
      + " END AS lag"
      + " FROM journal.pekko_projection_offset_store o"
      + " ORDER BY o.projection_name, length(o.projection_key), o.projection_key";

  private ProjectionOffsets() {}

  static List<ProjectionView> read(Connection c) throws SQLException {
    Map<String, List<OffsetView>> byName = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement(SELECT); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long count = rs.getLong("lag");
        Long lag = rs.wasNull() ? null : count;
        var offset = new OffsetView(rs.getString("projection_key"), rs.getString("manifest"),
            rs.getString("current_offset"), lag, Instant.ofEpochMilli(rs.getLong("last_updated")));
        byName.computeIfAbsent(rs.getString("projection_name"), n -> new ArrayList<>()).add(offset);
      }
    }
    return byName.entrySet().stream().map(e -> new ProjectionView(e.getKey(),
        e.getValue().stream().mapToLong(o -> o.lag() == null ? 0 : o.lag()).sum(),
        e.getValue().size(), List.copyOf(e.getValue()))).toList();
  }
}
