package io.qrflow.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.edge.auth.RotationResult.Invalid;
import io.qrflow.edge.auth.RotationResult.Reused;
import io.qrflow.edge.auth.RotationResult.Rotated;
import io.qrflow.edge.auth.TokenServiceTest.TestClock;
import io.qrflow.infra.Database;
import io.qrflow.infra.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshTokenStoreTest {

  private static final int CONCURRENT_CLIENTS = 8;
  private static final AuthSettings SETTINGS =
      AuthSettings.fromConfig(ConfigFactory.parseResources("qrflow-auth.conf").resolve());
  private static final String EMAIL = "ada@example.com";

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer server;
  private static HikariDataSource pool;

  private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
  private final RefreshTokenStore store = new RefreshTokenStore(SETTINGS, pool, clock);
  // A fresh user per test keeps tests independent on one database.
  private final String user = UUID.randomUUID().toString();

  @BeforeAll
  static void startDatabase() {
    server = EmbeddedPostgresServer.start(dataDir, 0);
    pool = Database.pool(server.settings(CONCURRENT_CLIENTS + 2), "refresh-token-test");
    Database.migrate(pool);
  }

  @AfterAll
  static void stopDatabase() {
    pool.close();
    server.close();
  }

  @Test
  void givenAFreshTokenWhenRotatedThenANewTokenOfTheSameUserComesBack() {
    String first = store.startFamily(user, EMAIL);

    Rotated rotated = assertInstanceOf(Rotated.class, store.rotate(first));

    assertNotEquals(first, rotated.newToken());
    assertEquals(user, rotated.userId());
    assertEquals(EMAIL, rotated.email());
    assertInstanceOf(Rotated.class, store.rotate(rotated.newToken()));
  }

  @Test
  void givenAUsedTokenWhenPresentedAgainThenTheWholeFamilyIsRevoked() throws SQLException {
    String first = store.startFamily(user, EMAIL);
    String second = ((Rotated) store.rotate(first)).newToken();

    assertEquals(new Reused(user), store.rotate(first));

    assertFalse(store.rotate(second) instanceof Rotated, "the thief's or the user's newer token");
    assertEquals(List.of("reuse"), revocationReasonsOf(user));
  }

  @Test
  void givenAnExpiredTokenThenItIsInvalid() {
    String token = store.startFamily(user, EMAIL);

    clock.advance(SETTINGS.refreshTokenTtl().plusSeconds(1));

    assertEquals(new Invalid(), store.rotate(token));
  }

  @Test
  void givenATokenJustBeforeExpiryThenItRotatesAndTheNextOneLastsAFullTtl() {
    String token = store.startFamily(user, EMAIL);
    clock.advance(SETTINGS.refreshTokenTtl().minusSeconds(1));

    String next = ((Rotated) store.rotate(token)).newToken();
    clock.advance(SETTINGS.refreshTokenTtl().minusSeconds(1));

    assertInstanceOf(Rotated.class, store.rotate(next));
  }

  @Test
  void givenAnUnknownTokenThenItIsInvalid() {
    store.startFamily(user, EMAIL);

    assertEquals(new Invalid(), store.rotate("A".repeat(43)));
    assertEquals(new Invalid(), store.rotate("not-a-token"));
    assertEquals(new Invalid(), store.rotate(""));
    assertEquals(new Invalid(), store.rotate(null));
  }

  @Test
  void givenLogoutThenTheFamilyIsRevokedOnlyForItsOwner() throws SQLException {
    String token = store.startFamily(user, EMAIL);
    String otherUsersFamily = store.startFamily(UUID.randomUUID().toString(), "eve@example.com");

    assertFalse(store.revokeFamily(token, UUID.randomUUID().toString()), "not the owner");
    assertInstanceOf(Rotated.class, store.rotate(otherUsersFamily));
    String next = ((Rotated) store.rotate(token)).newToken();

    assertTrue(store.revokeFamily(next, user));

    assertFalse(store.revokeFamily(next, user), "already revoked");
    assertFalse(store.rotate(next) instanceof Rotated);
    assertEquals(List.of("logout"), revocationReasonsOf(user), "reuse keeps the first reason");
  }

  @Test
  void givenRevokeAllThenEveryFamilyOfTheUserIsDeadAndOthersAreNot() {
    String phone = store.startFamily(user, EMAIL);
    String laptop = store.startFamily(user, EMAIL);
    String someoneElse = store.startFamily(UUID.randomUUID().toString(), "eve@example.com");

    assertEquals(2, store.revokeAllFor(user));

    assertFalse(store.rotate(phone) instanceof Rotated);
    assertFalse(store.rotate(laptop) instanceof Rotated);
    assertInstanceOf(Rotated.class, store.rotate(someoneElse));
    assertEquals(0, store.revokeAllFor(user), "nothing left to revoke");
  }

  @Test
  void givenOneTokenRotatedConcurrentlyThenExactlyOneRotationWins() throws Exception {
    String token = store.startFamily(user, EMAIL);
    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RotationResult>> results = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_CLIENTS; i++) {
        Callable<RotationResult> rotate =
            () -> {
              start.await();
              return store.rotate(token);
            };
        results.add(clients.submit(rotate));
      }
      start.countDown();
      int rotated = 0;
      int reused = 0;
      for (Future<RotationResult> result : results) {
        RotationResult r = result.get();
        if (r instanceof Rotated) {
          rotated++;
        } else if (r instanceof Reused) {
          reused++;
        }
      }

      assertEquals(1, rotated);
      assertEquals(CONCURRENT_CLIENTS - 1, reused);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void theDatabaseHoldsOnlyHashesOfTokens() throws SQLException {
    String first = store.startFamily(user, EMAIL);
    String second = ((Rotated) store.rotate(first)).newToken();

    List<String> rows = rowsOf(user);

    assertEquals(2, rows.size());
    for (String row : rows) {
      assertFalse(row.contains(first), row);
      assertFalse(row.contains(second), row);
    }
    assertTrue(rows.stream().anyMatch(r -> r.contains(RefreshTokenStore.sha256Hex(first))));
    assertTrue(rows.stream().anyMatch(r -> r.contains(RefreshTokenStore.sha256Hex(second))));
    assertEquals(43, first.length());
    assertTrue(first.matches("[A-Za-z0-9_-]+"), first);
  }

  @Test
  void eachFamilyStartsWithADistinctToken() {
    assertNotEquals(store.startFamily(user, EMAIL), store.startFamily(user, EMAIL));
  }

  @Test
  void refreshTokensLastThirtyDaysByDefault() {
    assertEquals(Duration.ofDays(30), SETTINGS.refreshTokenTtl());
  }

  private static List<String> revocationReasonsOf(String userId) throws SQLException {
    return query(
        "SELECT DISTINCT r.reason FROM auth_service.revoked_families r"
            + " JOIN auth_service.refresh_tokens t ON t.family_id = r.family_id"
            + " WHERE t.user_id = ?::uuid",
        userId);
  }

  private static List<String> rowsOf(String userId) throws SQLException {
    return query(
        "SELECT t::text FROM auth_service.refresh_tokens t WHERE t.user_id = ?::uuid", userId);
  }

  private static List<String> query(String sql, String parameter) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, parameter);
      try (ResultSet rs = select.executeQuery()) {
        List<String> values = new ArrayList<>();
        while (rs.next()) {
          values.add(rs.getString(1));
        }
        return values;
      }
    }
  }
}
