package io.qrflow.edge.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.qr.QrCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteCacheWarmingTest {

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer postgres;
  private static HikariDataSource pool;
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgresServer.start(dataDir.resolve("pg"), 0);
    pool = Database.pool(postgres.settings(2), "warm-test");
    Database.migrate(pool);
    testKit = ActorTestKit.create(ConfigFactory.parseString(
        "pekko.actor.provider = cluster\npekko.remote.artery.canonical.port = 0\n"
        + "pekko.coordinated-shutdown.exit-jvm = off")
        .withFallback(ConfigFactory.load()));
    try (Connection c = pool.getConnection()) {
      c.createStatement().execute("INSERT INTO routing_db.routes(code, owner_id, target, status, updated_at)"
          + " VALUES ('warm-a', gen_random_uuid(), 'https://example.com/a', 'ACTIVE', now()),"
          + " ('warm-p', gen_random_uuid(), 'https://example.com/p', 'PAUSED', now() - interval '1 hour'),"
          + " ('warm-old', gen_random_uuid(), 'https://example.com/o', 'ACTIVE', now() - interval '1 day')");
    }
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    pool.close();
    postgres.close();
  }

  @Test
  void givenTheRouteTable_whenWarmed_thenTheNewestRoutesAnswerWithoutAskingAnyEntity() throws Exception {
    var settings = new RouteCache.Settings(1000, Duration.ofMinutes(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), 2, Duration.ofSeconds(1));
    var cache = new RouteCache(testKit.system(), settings);

    assertEquals(2, cache.warm(pool, settings.warmRoutes()));

    ResolvedRoute active = cache.getIfReady("warm-a");
    assertEquals(new QrCode.Route(QrCode.RouteStatus.ACTIVE, "https://example.com/a", null), active.route());
    assertTrue(active.provisional(), "table entries may lag the entity: short-lived");
    assertEquals(new QrCode.Route(QrCode.RouteStatus.PAUSED, null, null), cache.getIfReady("warm-p").route());
    assertNull(cache.getIfReady("warm-old"), "only the newest routes, up to the limit");
  }
}
