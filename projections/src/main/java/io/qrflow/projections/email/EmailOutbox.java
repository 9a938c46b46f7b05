package io.qrflow.projections.email;

import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code integrations_db.email_outbox}: queued mails (unique per event id) and, once handled, the
 * delivery log. Senders on several nodes claim due rows with {@code SKIP LOCKED} and a lease, so a
 * row is worked on by one sender at a time. Blocking JDBC: call on a blocking dispatcher.
 */
public final class EmailOutbox {

  public static final String PENDING = "pending";
  public static final String SENT = "sent";
  public static final String SKIPPED = "skipped";
  public static final String DEAD = "dead";

  /** A claimed mail, its recipient resolved if known, and whether its owner opted out. */
  public record Claimed(long id, String eventId, UUID userId, EmailKind kind, String recipient,
      String subject, String text, String html, int attempts, boolean optedOut) {}

  private static final String CLAIM =
      "UPDATE integrations_db.email_outbox o SET next_attempt_at = ?"
          + " FROM (SELECT id FROM integrations_db.email_outbox WHERE status = 'pending'"
          + " AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due"
          + " WHERE o.id = due.id RETURNING o.id, o.event_id, o.user_id, o.kind,"
          + " COALESCE(o.recipient, (SELECT r.email FROM integrations_db.email_recipients r"
          + " WHERE r.user_id = o.user_id)) AS recipient, o.subject, o.text_body, o.html_body,"
          + " o.attempts, EXISTS (SELECT 1 FROM integrations_db.notification_preferences n"
          + " WHERE n.user_id = o.user_id AND n.kind = o.kind AND NOT n.enabled) AS opted_out";

  private final DataSource dataSource;
  private final Clock clock;

  public EmailOutbox(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Queues a mail in the caller's transaction; a second row for the same event is ignored. */
  void queue(Connection c, String eventId, UUID user, EmailKind kind, String recipient,
      EmailTemplates.Rendered mail) throws SQLException {
    Timestamp now = Timestamp.from(clock.instant());
    Sql.update(c, "INSERT INTO integrations_db.email_outbox(event_id, user_id, kind, recipient,"
        + " subject, text_body, html_body, next_attempt_at, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
        eventId, user, kind.id(), recipient, mail.subject(), mail.text(), mail.html(), now, now);
  }

  /** Claims up to {@code limit} due mails for {@code lease} (then another sender may retry them). */
  List<Claimed> claimDue(int limit, java.time.Duration lease) throws SQLException {
    Instant now = clock.instant();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setTimestamp(1, Timestamp.from(now.plus(lease)));
      s.setTimestamp(2, Timestamp.from(now));
      s.setInt(3, limit);
      List<Claimed> claimed = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          claimed.add(new Claimed(rs.getLong("id"), rs.getString("event_id"),
              rs.getObject("user_id", UUID.class),
              EmailKind.byId(rs.getString("kind")).orElseThrow(), rs.getString("recipient"),
              rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"),
              rs.getInt("attempts"), rs.getBoolean("opted_out")));
        }
      }
      return claimed;
    }
  }

  void markSent(long id, String recipient) throws SQLException {
    update("UPDATE integrations_db.email_outbox SET status = 'sent', recipient = ?,"
        + " attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
        recipient, Timestamp.from(clock.instant()), id);
  }

  void markSkipped(long id) throws SQLException {
    update("UPDATE integrations_db.email_outbox SET status = 'skipped',"
        + " last_error = 'opted out' WHERE id = ?", id);
  }

  /** A failed attempt: retry at {@code retryAt}, or give up (dead) when {@code retryAt} is null. */
  void markFailed(long id, String error, Instant retryAt) throws SQLException {
    update("UPDATE integrations_db.email_outbox SET attempts = attempts + 1, last_error = ?,"
        + " status = ?, next_attempt_at = COALESCE(CAST(? AS TIMESTAMPTZ), next_attempt_at) WHERE id = ?",
        error, retryAt == null ? DEAD : PENDING, retryAt == null ? null : Timestamp.from(retryAt), id);
  }

  private void update(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Sql.update(c, sql, params);
    }
  }
}
