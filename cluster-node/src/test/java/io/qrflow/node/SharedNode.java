package io.qrflow.node;

import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.EmbeddedPostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One PostgreSQL server and one node shared by the test classes of this JVM (started on first
 * use, stopped at JVM exit), so each class does not pay for a cluster start. Its Netty scan
 * listener is on, so scan tests can run against both listeners.
 */
final class SharedNode {

  /** The one account allowed the admin views on the shared node. */
  static final String ADMIN_EMAIL = "admin@qrflow.test";

  /** Webhooks of tests may target receivers on this (loopback) host; every other private address is refused. */
  static final String WEBHOOK_TEST_HOST = "127.0.0.1";

  private static TestNode node;
  private static DatabaseSettings database;

  private SharedNode() {}

  static synchronized TestNode get() {
    if (node == null) {
      try {
        Path dir = Files.createTempDirectory("qrflow-shared");
        var postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
        database = postgres.settings(10);
        node = TestNode.start(database, dir, Map.of("qrflow.auth.admin-emails", ADMIN_EMAIL,
            "qrflow.webhooks.allow-hosts", WEBHOOK_TEST_HOST, "qrflow.scan.listener.enabled", true));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          node.close();
          postgres.close();
        }));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return node;
  }

  /** The shared node's PostgreSQL, to check what it stored. */
  static synchronized DatabaseSettings database() {
    get();
    return database;
  }

  /** The first column, as text, of every row a one-parameter query finds in the node's database. */
  static List<String> column(String sql, String parameter) {
    var db = database();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      List<String> values = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
