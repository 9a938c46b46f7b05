package io.qrflow.projections.insights;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Workflows in {@code workflow_db.insight_workflows}: the owner's CRUD and the triggers' look-ups. */
public final class Workflows {

  private static final String COLUMNS = "id, owner_id, name, trigger_kind, code, tag, threshold,"
      + " window_minutes, digest_period, digest_day, to_char(digest_time, 'HH24:MI'), digest_zone,"
      + " email, webhook_endpoint_id, enabled, created_at, updated_at";

  private final DataSource dataSource;
  private final Clock clock;

  public Workflows(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  public Workflow create(String owner, String name, Workflow.Trigger trigger, Workflow.Actions actions,
      boolean enabled) throws SQLException {
    Instant now = clock.instant();
    var workflow = new Workflow(UUID.randomUUID(), owner, name, trigger, actions, enabled, now, now);
    try (Connection c = dataSource.getConnection()) {
      Sql.update(c, "INSERT INTO workflow_db.insight_workflows(id, owner_id, name, trigger_kind, code,"
          + " tag, threshold, window_minutes, digest_period, digest_day, digest_time, digest_zone,"
          + " email, webhook_endpoint_id, enabled, created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params(workflow, true));
    }
    return workflow;
  }

  public Optional<Workflow> update(String owner, UUID id, String name, Workflow.Trigger trigger,
      Workflow.Actions actions, boolean enabled) throws SQLException {
    Optional<Workflow> existing = find(owner, id);
    if (existing.isEmpty()) return existing;
    var workflow = new Workflow(id, owner, name, trigger, actions, enabled,
        existing.get().createdAt(), clock.instant());
    List<Object> params = new ArrayList<>(java.util.Arrays.asList(params(workflow, false)));
    params.add(id);
    params.add(UUID.fromString(owner));
    try (Connection c = dataSource.getConnection()) {
      Sql.update(c, "UPDATE workflow_db.insight_workflows SET name = ?, trigger_kind = ?, code = ?,"
          + " tag = ?, threshold = ?, window_minutes = ?, digest_period = ?, digest_day = ?,"
          + " digest_time = ?, digest_zone = ?, email = ?, webhook_endpoint_id = ?, enabled = ?,"
          + " updated_at = ? WHERE id = ? AND owner_id = ?", params.toArray());
    }
    return Optional.of(workflow);
  }

  public boolean delete(String owner, UUID id) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return Sql.update(c, "DELETE FROM workflow_db.insight_workflows WHERE id = ? AND owner_id = ?",
          id, UUID.fromString(owner)) == 1;
    }
  }

  public List<Workflow> list(String owner) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return query(c, "SELECT " + COLUMNS + " FROM workflow_db.insight_workflows WHERE owner_id = ?"
          + " ORDER BY created_at DESC", UUID.fromString(owner));
    }
  }

  public Optional<Workflow> find(String owner, UUID id) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return query(c, "SELECT " + COLUMNS + " FROM workflow_db.insight_workflows WHERE owner_id = ?"
          + " AND id = ?", UUID.fromString(owner), id).stream().findFirst();
    }
  }

  /** The owners' enabled workflows of some trigger kinds, inside the caller's transaction. */
  static List<Workflow> enabled(Connection c, Collection<UUID> owners, String... kinds) throws SQLException {
    return query(c, "SELECT " + COLUMNS + " FROM workflow_db.insight_workflows WHERE owner_id ="
        + " ANY(?::uuid[]) AND enabled AND trigger_kind = ANY(?)",
        c.createArrayOf("text", owners.stream().map(UUID::toString).toArray()),
        c.createArrayOf("text", kinds));
  }

  static List<Workflow> enabledDigests(Connection c) throws SQLException {
    return query(c, "SELECT " + COLUMNS + " FROM workflow_db.insight_workflows WHERE enabled"
        + " AND trigger_kind = ?", Workflow.DIGEST);
  }

  private static Object[] params(Workflow w, boolean insert) {
    Workflow.Trigger t = w.trigger();
    List<Object> p = new ArrayList<>();
    if (insert) {
      p.add(w.id());
      p.add(UUID.fromString(w.ownerId()));
    }
    p.addAll(java.util.Arrays.asList(w.name(), t.kind(), t.code(), t.tag(), t.threshold(),
        t.windowMinutes(), t.period(), t.dayOfWeek() == null ? null : t.dayOfWeek().name(),
        t.localTime() == null ? null : Time.valueOf(t.localTime()), t.zone(), w.actions().email(),
        w.actions().webhookEndpointId(), w.enabled()));
    if (insert) p.add(Timestamp.from(w.createdAt()));
    p.add(Timestamp.from(w.updatedAt()));
    return p.toArray();
  }

  private static List<Workflow> query(Connection c, String sql, Object... params) throws SQLException {
    List<Workflow> workflows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          var trigger = new Workflow.Trigger(rs.getString(4), rs.getString(5), rs.getString(6),
              (Integer) rs.getObject(7), (Integer) rs.getObject(8), rs.getString(9), rs.getString(10),
              rs.getString(11), rs.getString(12));
          workflows.add(new Workflow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class).toString(),
              rs.getString(3), trigger, new Workflow.Actions(rs.getBoolean(13), rs.getObject(14, UUID.class)),
              rs.getBoolean(15), rs.getTimestamp(16).toInstant(), rs.getTimestamp(17).toInstant()));
        }
      }
    }
    return workflows;
  }
}
