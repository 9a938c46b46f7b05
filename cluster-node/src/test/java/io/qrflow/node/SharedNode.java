package io.qrflow.node;

import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One PostgreSQL server and one node shared by the test classes of this JVM (started on first
 * use, stopped at JVM exit), so each class does not pay for a cluster start.
 */
final class SharedNode {

  /** The one account allowed the admin views on the shared node. */
  static final String ADMIN_EMAIL = "admin@qrflow.test";

  private static TestNode node;
  private static DatabaseSettings database;

  private SharedNode() {}

  static synchronized TestNode get() {
    if (node == null) {
      try {
        Path dir = Files.createTempDirectory("qrflow-shared");
        var postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
        database = postgres.settings(10);
        node = TestNode.start(database, dir, Map.of("qrflow.auth.admin-emails", ADMIN_EMAIL));
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
}
