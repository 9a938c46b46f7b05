package io.qrflow.projections.insights;

import io.qrflow.projections.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.UUID;

/** Sign-in clients per user (user.logged.in), for the feed's "new sign-in device" notices. */
final class LoginClients {

  private LoginClients() {}

  /** A client (user agent) not seen before for this user is a new device, unless it is the first. */
  static void seen(Connection c, UUID user, String client, Timestamp at) throws SQLException {
    Sql.update(c, "INSERT INTO workflow_db.insight_login_clients(user_id, client_hash, client,"
        + " first_seen_at, new_device) VALUES (?, ?, ?, ?, EXISTS (SELECT 1 FROM"
        + " workflow_db.insight_login_clients WHERE user_id = ?)) ON CONFLICT DO NOTHING",
        user, sha256(client), client, at, user);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
