package io.qrflow.edge.dashboard;

import static io.qrflow.edge.auth.RefreshTokenStore.sha256Hex;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Dashboard sessions in {@code auth_service.dashboard_sessions}. A session id and its CSRF token
 * are 32 random bytes each (base64url); only the id's SHA-256 is stored, so the table alone lets
 * nobody sign in. Methods block on JDBC: call them on a blocking dispatcher.
 */
public final class SessionStore {

  /** A live session. */
  public record Session(String userId, String email, String csrfToken, Instant expiresAt) {}

  /** A new session: the id for the cookie and the session it stands for. */
  public record Started(String id, Session session) {}

  private static final int RANDOM_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final int ID_LENGTH = ENCODER.encodeToString(new byte[RANDOM_BYTES]).length();

  // Expired sessions of the same user are cleaned up whenever that user signs in.
  private static final String DELETE_EXPIRED =
      "DELETE FROM auth_service.dashboard_sessions WHERE user_id = ? AND expires_at <= ?";
  private static final String INSERT =
      "INSERT INTO auth_service.dashboard_sessions"
          + " (session_hash, user_id, email, csrf_token, created_at, expires_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String FIND =
      "SELECT user_id, email, csrf_token, expires_at FROM auth_service.dashboard_sessions"
          + " WHERE session_hash = ? AND expires_at > ?";
  private static final String DELETE =
      "DELETE FROM auth_service.dashboard_sessions WHERE session_hash = ?";

  private final DataSource dataSource;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SessionStore(DataSource dataSource, Duration ttl, Clock clock) {
    this.dataSource = dataSource;
    this.ttl = ttl;
    this.clock = clock;
  }

  public Started start(String userId, String email) {
    UUID user = UUID.fromString(userId);
    Instant now = clock.instant();
    var session = new Session(userId, email, randomToken(), now.plus(ttl));
    String id = randomToken();
    try (Connection c = dataSource.getConnection();
        PreparedStatement cleanup = c.prepareStatement(DELETE_EXPIRED);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      cleanup.setObject(1, user);
      cleanup.setObject(2, timestamp(now));
      cleanup.executeUpdate();
      insert.setString(1, sha256Hex(id));
      insert.setObject(2, user);
      insert.setString(3, email);
      insert.setString(4, session.csrfToken());
      insert.setObject(5, timestamp(now));
      insert.setObject(6, timestamp(session.expiresAt()));
      insert.executeUpdate();
      return new Started(id, session);
    } catch (SQLException e) {
      throw new IllegalStateException("session store: could not start a session", e);
    }
  }

  /** The unexpired session of this cookie value, if any. */
  public Optional<Session> find(String id) {
    if (id == null || id.length() != ID_LENGTH) return Optional.empty();
    try (Connection c = dataSource.getConnection();
        PreparedStatement find = c.prepareStatement(FIND)) {
      find.setString(1, sha256Hex(id));
      find.setObject(2, timestamp(clock.instant()));
      try (ResultSet row = find.executeQuery()) {
        if (!row.next()) return Optional.empty();
        return Optional.of(new Session(row.getObject("user_id", UUID.class).toString(),
            row.getString("email"), row.getString("csrf_token"),
            row.getObject("expires_at", OffsetDateTime.class).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("session store: could not read a session", e);
    }
  }

  /** Sign-out: the session is gone at once, on every node. */
  public void end(String id) {
    if (id == null || id.length() != ID_LENGTH) return;
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete = c.prepareStatement(DELETE)) {
      delete.setString(1, sha256Hex(id));
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("session store: could not end a session", e);
    }
  }

  private String randomToken() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
