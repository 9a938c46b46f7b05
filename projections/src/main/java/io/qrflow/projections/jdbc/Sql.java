package io.qrflow.projections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One parameterized statement on a connection that belongs to the caller's transaction. */
public final class Sql {

  private Sql() {}

  /**
   * Waits for, then holds until the transaction ends, the advisory lock named {@code key}:
   * transactions that take the same key run their following statements one after another.
   */
  public static void lockUntilCommit(Connection c, String key) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, key);
      lock.execute();
    }
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) statement.setObject(i + 1, params[i]);
      return statement.executeUpdate();
    }
  }

  /**
   * One statement over rows given as text, one array per column (unnested by the statement, which
   * casts them: instants travel with their Z, so no JVM time zone is involved). Returns the rows the
   * statement returns.
   */
  public static Set<List<String>> unnest(Connection c, String sql, List<List<String>> rows)
      throws SQLException {
    Set<List<String>> returned = new HashSet<>();
    if (rows.isEmpty()) return returned;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int column = 0; column < rows.get(0).size(); column++) {
        int i = column;
        s.setArray(column + 1, c.createArrayOf("text", rows.stream().map(r -> r.get(i)).toArray()));
      }
      if (!s.execute()) return returned;
      try (ResultSet rs = s.getResultSet()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) row[i] = rs.getString(i + 1);
          returned.add(List.of(row));
        }
      }
    }
    return returned;
  }
}
