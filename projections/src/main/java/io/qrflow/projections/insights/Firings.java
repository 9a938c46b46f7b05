package io.qrflow.projections.insights;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Records a workflow firing exactly once: the firing key says what fired (workflow and the event
 * or period that made it fire), so a redelivered message or a second scheduler finds it taken.
 * Recorded firings are relayed to insights.alert by {@link AlertRelay}.
 */
final class Firings {

  record Firing(String key, Workflow workflow, String kind, String title, String detail, String code,
      Instant firedAt) {}

  private Firings() {}

  /** The alert id (and so the message's event id) follows from the firing key alone. */
  static UUID alertId(String firingKey) {
    return UUID.nameUUIDFromBytes(firingKey.getBytes(StandardCharsets.UTF_8));
  }

  /** True if this firing is new. */
  static boolean record(Connection c, Firing f) throws SQLException {
    Workflow w = f.workflow();
    try (PreparedStatement s = c.prepareStatement("INSERT INTO workflow_db.insight_firings(firing_key,"
        + " alert_id, workflow_id, owner_id, kind, title, detail, code, actions, webhook_endpoint_id,"
        + " fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (firing_key) DO NOTHING")) {
      s.setString(1, f.key());
      s.setObject(2, alertId(f.key()));
      s.setObject(3, w.id());
      s.setObject(4, UUID.fromString(w.ownerId()));
      s.setString(5, f.kind());
      s.setString(6, f.title());
      s.setString(7, f.detail());
      s.setString(8, f.code());
      s.setArray(9, c.createArrayOf("text", w.actions().names().toArray()));
      s.setObject(10, w.actions().webhookEndpointId());
      s.setTimestamp(11, Timestamp.from(f.firedAt()));
      return s.executeUpdate() == 1;
    }
  }
}
