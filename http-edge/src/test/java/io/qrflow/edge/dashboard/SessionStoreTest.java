package io.qrflow.edge.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dashboard sessions on real PostgreSQL: lookup, expiry, sign-out, nothing usable stored. */
class SessionStoreTest {

  private static final Duration TTL = Duration.ofHours(12);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final String EMAIL = "ada@example.com";

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer server;
  private static HikariDataSource pool;

  private final String user = UUID.randomUUID().toString();
  private final SessionStore store = at(NOW);

  @BeforeAll
  static void startDatabase() {
    server = EmbeddedPostgresServer.start(dataDir, 0);
    pool = Database.pool(server.settings(4), "session-store-test");
    Database.migrate(pool);
  }

  @AfterAll
  static void stopDatabase() {
    pool.close();
    server.close();
  }

  @Test
  void givenStartedSession_whenLookedUpByItsId_thenTheUserAndItsOwnCsrfToken() {
    SessionStore.Started started = store.start(user, EMAIL);
    SessionStore.Started other = store.start(user, EMAIL);

    assertEquals(Optional.of(started.session()), store.find(started.id()));
    assertEquals(user, started.session().userId());
    assertEquals(NOW.plus(TTL), started.session().expiresAt());
    assertNotEquals(started.id(), other.id());
    assertNotEquals(started.session().csrfToken(), other.session().csrfToken());
    assertNotEquals(started.id(), started.session().csrfToken());
  }

  @Test
  void givenSession_whenItsTimeIsUp_thenNotFound() {
    SessionStore.Started started = store.start(user, EMAIL);

    assertTrue(at(NOW.plus(TTL).minusSeconds(1)).find(started.id()).isPresent());
    assertTrue(at(NOW.plus(TTL)).find(started.id()).isEmpty());
  }

  @Test
  void givenSession_whenEnded_thenGoneWhileOthersOfTheUserStay() {
    SessionStore.Started ended = store.start(user, EMAIL);
    SessionStore.Started kept = store.start(user, EMAIL);

    store.end(ended.id());

    assertTrue(store.find(ended.id()).isEmpty());
    assertTrue(store.find(kept.id()).isPresent());
  }

  @Test
  void givenGarbageIds_whenLookedUp_thenNotFound() {
    store.start(user, EMAIL);

    assertTrue(store.find(null).isEmpty());
    assertTrue(store.find("").isEmpty());
    assertTrue(store.find("x".repeat(43)).isEmpty());
    assertTrue(store.find("' OR 1=1 --").isEmpty());
  }

  @Test
  void givenSession_whenStored_thenOnlyTheIdsHashIsInTheTable() throws SQLException {
    SessionStore.Started started = store.start(user, EMAIL);

    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT session_hash FROM auth_service.dashboard_sessions"
            + " WHERE user_id = '" + user + "'")) {
      assertTrue(rows.next());
      assertNotEquals(started.id(), rows.getString(1));
      assertEquals(64, rows.getString(1).length());
    }
  }

  private static SessionStore at(Instant instant) {
    return new SessionStore(pool, TTL, Clock.fixed(instant, ZoneOffset.UTC));
  }
}
