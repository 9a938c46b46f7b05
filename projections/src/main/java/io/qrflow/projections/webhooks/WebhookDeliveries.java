package io.qrflow.projections.webhooks;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The sender's side of the delivery table: claim due deliveries, record each attempt's outcome. */
final class WebhookDeliveries {

  /** {@code sealedSecret}: as stored, opened with {@link SecretCipher} just before signing. */
  record Claimed(UUID id, String eventId, String topic, String body, int attempts, UUID endpointId,
      String url, String sealedSecret, boolean endpointActive) {}

  /** One attempt: a status code if the receiver answered, else why it could not be reached. */
  record Outcome(Integer statusCode, String error, int durationMs) {
    boolean succeeded() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final DataSource dataSource;

  WebhookDeliveries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Due deliveries, each leased (its next attempt pushed out by {@code lease}) so senders on other
   * nodes skip it while this one works on it; a sender that dies leaves it due again after the lease.
   */
  List<Claimed> claim(Instant now, Duration lease, int limit) throws SQLException {
    List<Claimed> claimed = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE integrations_db.webhook_deliveries d"
            + " SET next_attempt_at = ?, attempts = d.attempts + 1"
            + " FROM integrations_db.webhook_endpoints e"
            + " WHERE e.id = d.endpoint_id AND d.id IN (SELECT id FROM integrations_db.webhook_deliveries"
            + "   WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?"
            + "   FOR UPDATE SKIP LOCKED)"
            + " RETURNING d.id, d.event_id, d.topic, d.body, d.attempts, e.id, e.url, e.secret, e.active")) {
      s.setTimestamp(1, Timestamp.from(now.plus(lease)));
      s.setTimestamp(2, Timestamp.from(now));
      s.setInt(3, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          claimed.add(new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getInt(5), rs.getObject(6, UUID.class), rs.getString(7),
              rs.getString(8), rs.getBoolean(9)));
        }
      }
    }
    return claimed;
  }

  /** Logs the attempt; delivered on 2xx, else due again at {@code retryAt}, or dead when null. */
  void record(Claimed delivery, Outcome outcome, Instant now, Instant retryAt) throws SQLException {
    String status = outcome.succeeded() ? "delivered" : retryAt == null ? "dead" : "pending";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      Sql.update(c, "INSERT INTO integrations_db.webhook_attempts(delivery_id, attempted_at,"
          + " status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)", delivery.id(),
          Timestamp.from(now), outcome.statusCode(), outcome.error(), outcome.durationMs());
      Sql.update(c, "UPDATE integrations_db.webhook_deliveries SET status = ?, next_attempt_at = ?,"
          + " delivered_at = ?, last_status_code = ?, last_error = ? WHERE id = ?", status,
          Timestamp.from(retryAt == null ? now : retryAt),
          outcome.succeeded() ? Timestamp.from(now) : null, outcome.statusCode(), outcome.error(),
          delivery.id());
      c.commit();
    }
  }

  /** Pending deliveries of a deleted endpoint are given up without being sent. */
  void giveUp(Claimed delivery, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Sql.update(c, "UPDATE integrations_db.webhook_deliveries SET status = 'dead',"
          + " next_attempt_at = ?, last_error = 'endpoint deleted' WHERE id = ?",
          Timestamp.from(now), delivery.id());
    }
  }
}
