package io.qrflow.projections.email;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the API shows of the e-mail service: an owner's delivery log and notification
 * preferences, and (dev mode) the mails sent. Blocking JDBC: call on a blocking dispatcher.
 */
public final class NotificationStore {

  /** One row of the delivery log. */
  public record Delivery(long id, String eventId, String kind, String status, String recipient,
      String subject, int attempts, String lastError, Instant createdAt, Instant sentAt) {}

  /** A sent mail, for the dev mailbox. */
  public record SentMail(String recipient, String kind, String subject, String text, Instant sentAt) {}

  private static final String COLUMNS = "id, event_id, kind, status, recipient, subject, attempts,"
      + " last_error, created_at, sent_at";

  private final DataSource dataSource;

  public NotificationStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<Delivery> deliveries(UUID owner, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM integrations_db.email_outbox WHERE user_id = ?"
            + " ORDER BY id DESC LIMIT ?")) {
      s.setObject(1, owner);
      s.setInt(2, limit);
      List<Delivery> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Delivery(rs.getLong("id"), rs.getString("event_id"), rs.getString("kind"),
              rs.getString("status"), rs.getString("recipient"), rs.getString("subject"),
              rs.getInt("attempts"), rs.getString("last_error"), instant(rs, "created_at"),
              instant(rs, "sent_at")));
        }
      }
      return rows;
    }
  }

  /** Every optional kind with whether the owner gets it. */
  public Map<String, Boolean> preferences(UUID owner) throws SQLException {
    Map<String, Boolean> result = new LinkedHashMap<>();
    for (EmailKind kind : EmailKind.values()) if (kind.optional()) result.put(kind.id(), true);
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT kind, enabled FROM integrations_db.notification_preferences WHERE user_id = ?")) {
      s.setObject(1, owner);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String kind = rs.getString("kind");
          if (result.containsKey(kind)) result.put(kind, rs.getBoolean("enabled"));
        }
      }
    }
    return result;
  }

  /** Stores the given choices (kinds already validated as optional) in one transaction. */
  public void setPreferences(UUID owner, Map<EmailKind, Boolean> choices, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (var choice : choices.entrySet()) {
          Sql.update(c, "INSERT INTO integrations_db.notification_preferences(user_id, kind, enabled,"
              + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, kind) DO UPDATE"
              + " SET enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at",
              owner, choice.getKey().id(), choice.getValue(), Timestamp.from(at));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** The latest mails sent, newest first (dev mailbox). */
  public List<SentMail> sent(int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT recipient, kind, subject, text_body, sent_at FROM integrations_db.email_outbox"
            + " WHERE status = 'sent' ORDER BY sent_at DESC LIMIT ?")) {
      s.setInt(1, limit);
      List<SentMail> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new SentMail(rs.getString("recipient"), rs.getString("kind"),
              rs.getString("subject"), rs.getString("text_body"), instant(rs, "sent_at")));
        }
      }
      return rows;
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
