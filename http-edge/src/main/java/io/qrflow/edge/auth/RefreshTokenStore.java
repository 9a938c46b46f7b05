package io.qrflow.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Rotating refresh tokens with reuse detection, in {@code auth_service.refresh_tokens}.
 *
 * <p>A sign-in starts a family; each rotation uses up the presented token and issues the next one
 * of the same family. Presenting a used token again means two parties hold it, so the whole family
 * is revoked. Tokens are 32 random bytes, base64url without padding; only their SHA-256 is stored.
 *
 * <p>All methods block on JDBC: call them on a blocking dispatcher. Each runs in one transaction.
 */
public final class RefreshTokenStore {

  private static final int TOKEN_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final int TOKEN_LENGTH = ENCODER.encodeToString(new byte[TOKEN_BYTES]).length();
  private static final String REUSE = "reuse";
  private static final String LOGOUT = "logout";
  private static final String REVOKE_ALL = "revoke-all";

  private static final String INSERT_TOKEN =
      "INSERT INTO auth_service.refresh_tokens"
          + " (token_hash, family_id, user_id, email, issued_at, expires_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  // Marking the token used is the claim: of concurrent rotations, the row lock lets exactly one
  // see used_at still NULL; the others then find it used and treat it as reuse.
  private static final String CLAIM_TOKEN =
      "UPDATE auth_service.refresh_tokens t SET used_at = ?"
          + " WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ?"
          + " AND NOT EXISTS (SELECT 1 FROM auth_service.revoked_families r"
          + " WHERE r.family_id = t.family_id)"
          + " RETURNING t.family_id, t.user_id, t.email";
  private static final String FIND_TOKEN =
      "SELECT t.family_id, t.user_id, t.used_at IS NOT NULL AS used,"
          + " EXISTS (SELECT 1 FROM auth_service.revoked_families r"
          + " WHERE r.family_id = t.family_id) AS revoked"
          + " FROM auth_service.refresh_tokens t WHERE t.token_hash = ?";
  private static final String REVOKE_FAMILY =
      "INSERT INTO auth_service.revoked_families (family_id, revoked_at, reason)"
          + " VALUES (?, ?, ?) ON CONFLICT (family_id) DO NOTHING";
  private static final String REVOKE_FAMILY_OF_TOKEN =
      "INSERT INTO auth_service.revoked_families (family_id, revoked_at, reason)"
          + " SELECT family_id, CAST(? AS TIMESTAMPTZ), CAST(? AS VARCHAR)"
          + " FROM auth_service.refresh_tokens WHERE token_hash = ? AND user_id = ?"
          + " ON CONFLICT (family_id) DO NOTHING";
  // Families whose tokens have all expired are dead already and need no revocation.
  private static final String REVOKE_FAMILIES_OF_USER =
      "INSERT INTO auth_service.revoked_families (family_id, revoked_at, reason)"
          + " SELECT f.family_id, CAST(? AS TIMESTAMPTZ), CAST(? AS VARCHAR)"
          + " FROM (SELECT DISTINCT family_id FROM auth_service.refresh_tokens"
          + " WHERE user_id = ? AND expires_at > ?) f"
          + " ON CONFLICT (family_id) DO NOTHING";

  private final AuthSettings settings;
  private final DataSource dataSource;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public RefreshTokenStore(AuthSettings settings, DataSource dataSource, Clock clock) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Starts a new family for a fresh sign-in and returns its first token. */
  public String startFamily(String userId, String email) {
    UUID user = parseUserId(userId);
    return inTransaction(c -> insertToken(c, UUID.randomUUID(), user, email, clock.instant()));
  }

  /** Uses up {@code token} and, if it was valid, issues its successor. */
  public RotationResult rotate(String token) {
    if (token == null || token.length() != TOKEN_LENGTH) {
      return new RotationResult.Invalid();
    }
    String hash = sha256Hex(token);
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          try (PreparedStatement claim = c.prepareStatement(CLAIM_TOKEN)) {
            claim.setObject(1, timestamp(now));
            claim.setString(2, hash);
            claim.setObject(3, timestamp(now));
            try (ResultSet row = claim.executeQuery()) {
              if (row.next()) {
                UUID user = row.getObject("user_id", UUID.class);
                String email = row.getString("email");
                UUID family = row.getObject("family_id", UUID.class);
                String next = insertToken(c, family, user, email, now);
                return new RotationResult.Rotated(next, user.toString(), email);
              }
            }
          }
          try (PreparedStatement find = c.prepareStatement(FIND_TOKEN)) {
            find.setString(1, hash);
            try (ResultSet row = find.executeQuery()) {
              if (!row.next() || !(row.getBoolean("used") || row.getBoolean("revoked"))) {
                return new RotationResult.Invalid(); // unknown, or expired but never used
              }
              UUID family = row.getObject("family_id", UUID.class);
              revoke(c, family, REUSE, now);
              return new RotationResult.Reused(row.getObject("user_id", UUID.class).toString());
            }
          }
        });
  }

  /**
   * Logout: revokes the family of {@code token} if it belongs to {@code userId}.
   *
   * @return whether a family was revoked (false for unknown, foreign or already revoked ones)
   */
  public boolean revokeFamily(String token, String userId) {
    UUID user = parseUserId(userId);
    if (token == null || token.length() != TOKEN_LENGTH) {
      return false;
    }
    String hash = sha256Hex(token);
    return inTransaction(
        c -> {
          try (PreparedStatement revoke = c.prepareStatement(REVOKE_FAMILY_OF_TOKEN)) {
            revoke.setObject(1, timestamp(clock.instant()));
            revoke.setString(2, LOGOUT);
            revoke.setString(3, hash);
            revoke.setObject(4, user);
            return revoke.executeUpdate() > 0;
          }
        });
  }

  /** Revokes every live family of the user (sign out everywhere); returns how many. */
  public int revokeAllFor(String userId) {
    UUID user = parseUserId(userId);
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          try (PreparedStatement revoke = c.prepareStatement(REVOKE_FAMILIES_OF_USER)) {
            revoke.setObject(1, timestamp(now));
            revoke.setString(2, REVOKE_ALL);
            revoke.setObject(3, user);
            revoke.setObject(4, timestamp(now));
            return revoke.executeUpdate();
          }
        });
  }

  /** The stored form of a token: lowercase hex of its SHA-256. */
  public static String sha256Hex(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private String insertToken(Connection c, UUID family, UUID user, String email, Instant issuedAt)
      throws SQLException {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = ENCODER.encodeToString(bytes);
    try (PreparedStatement insert = c.prepareStatement(INSERT_TOKEN)) {
      insert.setString(1, sha256Hex(token));
      insert.setObject(2, family);
      insert.setObject(3, user);
      insert.setString(4, email);
      insert.setObject(5, timestamp(issuedAt));
      insert.setObject(6, timestamp(issuedAt.plus(settings.refreshTokenTtl())));
      insert.executeUpdate();
    }
    return token;
  }

  private static void revoke(Connection c, UUID family, String reason, Instant now)
      throws SQLException {
    try (PreparedStatement revoke = c.prepareStatement(REVOKE_FAMILY)) {
      revoke.setObject(1, family);
      revoke.setObject(2, timestamp(now));
      revoke.setString(3, reason);
      revoke.executeUpdate();
    }
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("refresh-token store: database operation failed", e);
    }
  }

  private static UUID parseUserId(String userId) {
    try {
      return UUID.fromString(userId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("user id must be a UUID", e);
    }
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @FunctionalInterface
  private interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }
}
