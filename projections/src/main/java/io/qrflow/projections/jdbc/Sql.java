package io.qrflow.projections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One parameterized statement on a connection that belongs to the caller's transaction. */
public final class Sql {

  private Sql() {}

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) statement.setObject(i + 1, params[i]);
      return statement.executeUpdate();
    }
  }
}
