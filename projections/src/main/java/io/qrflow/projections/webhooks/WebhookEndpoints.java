package io.qrflow.projections.webhooks;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The owner's side of webhooks: endpoints, their secrets, the delivery log and replays. */
public final class WebhookEndpoints {

  public record Endpoint(UUID id, String url, String description, List<String> topics,
      boolean active, Instant createdAt, Instant secretRotatedAt) {}

  public record Attempt(Instant at, Integer statusCode, String error, int durationMs) {}

  public record Delivery(UUID id, String eventId, String topic, String status, int attempts,
      Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, Integer lastStatusCode,
      String lastError, int replays, List<Attempt> log) {}

  private static final String ENDPOINT_COLUMNS =
      "id, url, description, topics, active, created_at, secret_rotated_at";

  private final DataSource dataSource;
  private final SecretCipher cipher;
  private final Clock clock;

  public WebhookEndpoints(DataSource dataSource, SecretCipher cipher, Clock clock) {
    this.dataSource = dataSource;
    this.cipher = cipher;
    this.clock = clock;
  }

  /** Creates an endpoint and returns it with its secret, or empty if the owner has {@code max} already. */
  public Optional<CreatedEndpoint> create(String owner, String url, String description,
      List<String> topics, int max) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      // One owner's creations queue here so the limit holds under concurrent requests.
      Sql.lockUntilCommit(c, "webhooks:" + owner);
      if (countActive(c, owner) >= max) return Optional.empty();
      UUID id = UUID.randomUUID();
      String secret = WebhookSignature.newSecret();
      Instant now = clock.instant();
      try (PreparedStatement s = c.prepareStatement("INSERT INTO integrations_db.webhook_endpoints"
          + "(id, owner_id, url, description, topics, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        s.setObject(1, id);
        s.setObject(2, UUID.fromString(owner));
        s.setString(3, url);
        s.setString(4, description);
        s.setArray(5, c.createArrayOf("text", topics.toArray()));
        s.setString(6, cipher.seal(id, secret));
        s.setTimestamp(7, Timestamp.from(now));
        s.executeUpdate();
      }
      c.commit();
      return Optional.of(new CreatedEndpoint(
          new Endpoint(id, url, description, List.copyOf(topics), true, now, null), secret));
    }
  }

  public record CreatedEndpoint(Endpoint endpoint, String secret) {}

  public List<Endpoint> list(String owner) throws SQLException {
    return endpoints("SELECT " + ENDPOINT_COLUMNS + " FROM integrations_db.webhook_endpoints"
        + " WHERE owner_id = ? AND active ORDER BY created_at DESC", UUID.fromString(owner));
  }

  public Optional<Endpoint> find(String owner, UUID id) throws SQLException {
    return endpoints("SELECT " + ENDPOINT_COLUMNS + " FROM integrations_db.webhook_endpoints"
        + " WHERE owner_id = ? AND active AND id = ?", UUID.fromString(owner), id).stream().findFirst();
  }

  /** Deleting keeps the delivery log; pending deliveries of a deleted endpoint are given up. */
  public boolean delete(String owner, UUID id) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return Sql.update(c, "UPDATE integrations_db.webhook_endpoints SET active = false"
          + " WHERE owner_id = ? AND id = ? AND active", UUID.fromString(owner), id) == 1;
    }
  }

  public Optional<String> rotateSecret(String owner, UUID id) throws SQLException {
    String secret = WebhookSignature.newSecret();
    try (Connection c = dataSource.getConnection()) {
      int changed = Sql.update(c, "UPDATE integrations_db.webhook_endpoints SET secret = ?,"
          + " secret_rotated_at = ? WHERE owner_id = ? AND id = ? AND active",
          cipher.seal(id, secret), Timestamp.from(clock.instant()), UUID.fromString(owner), id);
      return changed == 1 ? Optional.of(secret) : Optional.empty();
    }
  }

  /** The newest deliveries of an endpoint with their attempts, or empty if it is not the owner's. */
  public Optional<List<Delivery>> deliveries(String owner, UUID endpoint, int limit) throws SQLException {
    if (find(owner, endpoint).isEmpty()) return Optional.empty();
    List<Delivery> deliveries = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id, event_id, topic, status, attempts,"
            + " created_at, next_attempt_at, delivered_at, last_status_code, last_error, replays"
            + " FROM integrations_db.webhook_deliveries WHERE endpoint_id = ?"
            + " ORDER BY created_at DESC, id LIMIT ?")) {
      s.setObject(1, endpoint);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          deliveries.add(new Delivery(id, rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getInt(5), instant(rs, 6), "pending".equals(rs.getString(4)) ? instant(rs, 7) : null,
              instant(rs, 8), (Integer) rs.getObject(9), rs.getString(10), rs.getInt(11),
              attempts(c, id)));
        }
      }
    }
    return Optional.of(deliveries);
  }

  /** Sends a delivery again from its first attempt; false if it is not the owner's. */
  public boolean replay(String owner, UUID endpoint, UUID delivery) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return Sql.update(c, "UPDATE integrations_db.webhook_deliveries d SET status = 'pending',"
          + " attempts = 0, next_attempt_at = ?, replays = replays + 1"
          + " FROM integrations_db.webhook_endpoints e WHERE d.id = ? AND d.endpoint_id = ?"
          + " AND e.id = d.endpoint_id AND e.owner_id = ? AND e.active",
          Timestamp.from(clock.instant()), delivery, endpoint, UUID.fromString(owner)) == 1;
    }
  }

  private static List<Attempt> attempts(Connection c, UUID delivery) throws SQLException {
    List<Attempt> attempts = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT attempted_at, status_code, error, duration_ms"
        + " FROM integrations_db.webhook_attempts WHERE delivery_id = ? ORDER BY id")) {
      s.setObject(1, delivery);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          attempts.add(new Attempt(instant(rs, 1), (Integer) rs.getObject(2), rs.getString(3), rs.getInt(4)));
        }
      }
    }
    return attempts;
  }

  private static int countActive(Connection c, String owner) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM integrations_db.webhook_endpoints WHERE owner_id = ? AND active")) {
      s.setObject(1, UUID.fromString(owner));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private List<Endpoint> endpoints(String sql, Object... params) throws SQLException {
    List<Endpoint> endpoints = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Array topics = rs.getArray(4);
          endpoints.add(new Endpoint(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
              Arrays.asList((String[]) topics.getArray()), rs.getBoolean(5), instant(rs, 6),
              instant(rs, 7)));
        }
      }
    }
    return endpoints;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
