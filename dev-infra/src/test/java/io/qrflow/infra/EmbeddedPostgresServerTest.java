package io.qrflow.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @TempDir Path dataDir;

  @Test
  void migrationsCreateEverySchemaAndDataSurviveARestart() throws SQLException {
    try (var server = EmbeddedPostgresServer.start(dataDir, 0);
        HikariDataSource pool = Database.pool(server.settings(2), "test")) {
      Database.migrate(pool);
      assertEquals(
          List.of("auth_service.dashboard_sessions",
              "auth_service.dead_letters", "auth_service.kafka_offsets",
              "auth_service.processed_events", "auth_service.refresh_tokens",
              "auth_service.revoked_families", "auth_service.signing_keys", "auth_service.users",
              "journal.durable_state", "journal.event_journal", "journal.event_tag",
              "journal.pekko_projection_management", "journal.pekko_projection_offset_store",
              "journal.snapshot", "qr_service.qr_codes", "routing_db.dead_letters",
              "routing_db.kafka_offsets", "routing_db.processed_events", "routing_db.routes",
              "routing_db.secrets"),
          tables(pool));
      try (Connection c = pool.getConnection()) {
        c.createStatement().execute("INSERT INTO auth_service.signing_keys(kid, private_jwk) VALUES ('k1', '{}')");
      }
    }

    try (var server = EmbeddedPostgresServer.start(dataDir, 0);
        HikariDataSource pool = Database.pool(server.settings(2), "test")) {
      Database.migrate(pool); // a second start migrates nothing and keeps the data
      try (Connection c = pool.getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT kid FROM auth_service.signing_keys")) {
        assertTrue(rs.next());
        assertEquals("k1", rs.getString(1));
      }
    }
  }

  @Test
  void theTagIndexLeadsWithTag() throws SQLException {
    try (var server = EmbeddedPostgresServer.start(dataDir, 0);
        HikariDataSource pool = Database.pool(server.settings(2), "test")) {
      Database.migrate(pool);
      try (Connection c = pool.getConnection();
          ResultSet rs = c.createStatement().executeQuery(
              "SELECT indexdef FROM pg_indexes WHERE schemaname = 'journal' AND tablename = 'event_tag'")) {
        List<String> defs = new ArrayList<>();
        while (rs.next()) defs.add(rs.getString(1));
        assertTrue(defs.stream().anyMatch(d -> d.contains("(tag, event_id)")), defs.toString());
      }
    }
  }

  @Test
  void aServerLeftRunningByAKilledNodeIsStoppedAndTheDataAreKept() throws SQLException {
    var orphan = EmbeddedPostgresServer.start(dataDir, 0); // its node "died": never closed
    try (HikariDataSource pool = Database.pool(orphan.settings(2), "orphan")) {
      Database.migrate(pool);
      try (Connection c = pool.getConnection()) {
        c.createStatement().execute("INSERT INTO routing_db.secrets(name, value) VALUES ('s', '\\x01')");
      }
    }

    try (var server = EmbeddedPostgresServer.start(dataDir, 0);
        HikariDataSource pool = Database.pool(server.settings(1), "test");
        Connection c = pool.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM routing_db.secrets")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
    orphan.close(); // nothing left to stop: must not fail
  }

  @Test
  void everyConsumerSchemaHasTheSameBookkeepingTables() throws SQLException {
    try (var server = EmbeddedPostgresServer.start(dataDir.resolve("bookkeeping"), 0);
        HikariDataSource pool = Database.pool(server.settings(2), "test")) {
      Database.migrate(pool);
      List<String> layouts = new ArrayList<>();
      for (String schema : List.of("routing_db", "auth_service", "qr_analytics", "microsite_service",
          "workflow_db", "integrations_db")) {
        try (Connection c = pool.getConnection();
            ResultSet rs = c.createStatement().executeQuery(
                "SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ','"
                    + " ORDER BY table_name, ordinal_position) FROM information_schema.columns"
                    + " WHERE table_schema = '" + schema + "' AND table_name IN"
                    + " ('kafka_offsets', 'processed_events', 'dead_letters')")) {
          rs.next();
          layouts.add(rs.getString(1));
        }
      }
      assertTrue(layouts.get(0).contains("kafka_offsets.next_offset:bigint"), layouts.get(0));
      assertEquals(1, layouts.stream().distinct().count(), "identical in every schema: " + layouts);
    }
  }

  private static List<String> tables(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema IN ('journal', 'qr_service', 'auth_service', 'routing_db')"
                + " AND table_name <> 'flyway_schema_history' ORDER BY 1")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) names.add(rs.getString(1));
      return names;
    }
  }
}
