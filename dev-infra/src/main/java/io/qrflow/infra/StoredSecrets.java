package io.qrflow.infra;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Secrets generated once and shared by every node through the database (dev mode's answer to a
 * configured secret). The first node to start creates one; the others read it.
 */
public final class StoredSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private StoredSecrets() {}

  public static byte[] getOrCreate(DataSource dataSource, String name, int length) {
    byte[] candidate = new byte[length];
    RANDOM.nextBytes(candidate);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO routing_db.secrets(name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
        insert.setString(1, name);
        insert.setBytes(2, candidate);
        insert.executeUpdate();
      }
      try (PreparedStatement select = c.prepareStatement("SELECT value FROM routing_db.secrets WHERE name = ?")) {
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
          rs.next();
          return rs.getBytes(1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read or create the secret '" + name + "'", e);
    }
  }
}
