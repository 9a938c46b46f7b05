package io.qrflow.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  private static final int NODES = 8;

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer server;
  private static HikariDataSource pool;

  private static final Config CONFIG = ConfigFactory.parseResources("qrflow-auth.conf").resolve();
  private static final AuthSettings DEV = AuthSettings.fromConfig(CONFIG);

  @BeforeAll
  static void startDatabase() {
    server = EmbeddedPostgresServer.start(dataDir, 0);
    pool = Database.pool(server.settings(NODES + 2), "signing-keys-test");
    Database.migrate(pool);
  }

  @AfterAll
  static void stopDatabase() {
    pool.close();
    server.close();
  }

  @BeforeEach
  void emptyKeyTable() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM auth_service.signing_keys");
    }
  }

  @Test
  void givenDevModeWhenLoadedTwiceThenTheGeneratedKeyIsPersistedAndReused() throws Exception {
    SigningKeys first = SigningKeys.load(DEV, pool);
    SigningKeys second = SigningKeys.load(DEV, pool);

    assertEquals(first.keyId(), second.keyId());
    assertEquals(first.signingKey(), second.signingKey());
    assertEquals(Curve.P_256, first.signingKey().getCurve());
    assertTrue(first.signingKey().isPrivate());
    assertEquals(List.of(first.keyId()), storedKids());
    assertPublicOnly(first.publicJwks());
    assertNotNull(first.publicJwks().getKeyByKeyId(first.keyId()));
  }

  @Test
  void givenAnEmptyTableWhenNodesStartTogetherThenTheyAllUseOneKey() throws Exception {
    ExecutorService nodes = Executors.newFixedThreadPool(NODES);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> kids = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        Callable<String> load =
            () -> {
              start.await();
              return SigningKeys.load(DEV, pool).keyId();
            };
        kids.add(nodes.submit(load));
      }
      start.countDown();
      Set<String> distinct = new HashSet<>();
      for (Future<String> kid : kids) {
        distinct.add(kid.get());
      }

      assertEquals(1, distinct.size(), distinct.toString());
      assertEquals(List.copyOf(distinct), storedKids());
    } finally {
      nodes.shutdownNow();
    }
  }

  @Test
  void givenAConfiguredPrivateJwkThenItIsUsedAsIsAndTheDatabaseIsUntouched() throws Exception {
    ECKey configured = new ECKeyGenerator(Curve.P_256).keyID("prod-2025-01").generate();

    SigningKeys keys = SigningKeys.load(withPrivateJwk(configured.toJSONString()), pool);

    assertEquals(configured, keys.signingKey());
    assertEquals("prod-2025-01", keys.keyId());
    assertEquals(List.of(), storedKids());
    assertPublicOnly(keys.publicJwks());
    assertFalse(keys.toString().contains(configured.getD().toString()));
  }

  @Test
  void givenAPublicOnlyKeyThenLoadingFailsClearlyWithoutPrintingIt() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();

    IllegalArgumentException e = rejected(key.toPublicJWK());

    assertTrue(e.getMessage().contains("qrflow.auth.private-jwk"), e.getMessage());
    assertTrue(e.getMessage().contains("public key"), e.getMessage());
    assertFalse(e.getMessage().contains(key.getX().toString()), e.getMessage());
  }

  @Test
  void givenAnRsaKeyThenLoadingFailsClearlyWithoutPrintingIt() throws Exception {
    RSAKey key = new RSAKeyGenerator(RSAKeyGenerator.MIN_KEY_SIZE_BITS).keyID("k1").generate();

    IllegalArgumentException e = rejected(key);

    assertTrue(e.getMessage().contains("EC"), e.getMessage());
    assertTrue(e.getMessage().contains("RSA"), e.getMessage());
    assertFalse(e.getMessage().contains(key.getPrivateExponent().toString()), e.getMessage());
    assertFalse(e.getMessage().contains(key.getModulus().toString()), e.getMessage());
  }

  @Test
  void givenAnUnusableKeyThenLoadingFails() throws Exception {
    ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
    ECKey noKid = new ECKeyGenerator(Curve.P_256).generate();
    ECKey a = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    ECKey b = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    ECKey mismatched = new ECKey.Builder(a.toPublicJWK()).d(b.getD()).build();

    assertTrue(rejected(p384).getMessage().contains("P-256"));
    assertTrue(rejected(noKid).getMessage().contains("kid"));
    IllegalArgumentException e = rejected(mismatched);
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    assertFalse(e.getMessage().contains(b.getD().toString()), e.getMessage());
  }

  @Test
  void givenInvalidJsonThenTheMessageDoesNotQuoteIt() {
    String secretish = "{\"kty\":\"EC\",\"d\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQ\"";

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SigningKeys.load(withPrivateJwk(secretish), pool));

    assertTrue(e.getMessage().contains("not a valid JWK"), e.getMessage());
    assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
    assertEquals(null, e.getCause());
  }

  @Test
  void givenPreviousKeysThenTheirPublicPartsAreAccepted() throws Exception {
    ECKey current = new ECKeyGenerator(Curve.P_256).keyID("current").generate();
    ECKey retired = new ECKeyGenerator(Curve.P_256).keyID("retired").generate();
    // Pasting the retired private key by mistake must still publish only its public part.
    String previous = new JWKSet(retired).toString(false);
    AuthSettings settings =
        AuthSettings.fromConfig(
            CONFIG
                .withValue(
                    "qrflow.auth.private-jwk",
                    ConfigValueFactory.fromAnyRef(current.toJSONString()))
                .withValue(
                    "qrflow.auth.previous-public-jwks", ConfigValueFactory.fromAnyRef(previous)));

    SigningKeys keys = SigningKeys.load(settings, pool);

    assertEquals(2, keys.publicJwks().size());
    assertEquals(retired.toPublicJWK(), keys.publicJwks().getKeyByKeyId("retired"));
    assertPublicOnly(keys.publicJwks());
  }

  @Test
  void givenAPreviousKeyWithTheCurrentKidThenLoadingFails() throws Exception {
    ECKey current = new ECKeyGenerator(Curve.P_256).keyID("same").generate();
    ECKey retired = new ECKeyGenerator(Curve.P_256).keyID("same").generate();
    AuthSettings settings =
        AuthSettings.fromConfig(
            CONFIG
                .withValue(
                    "qrflow.auth.private-jwk",
                    ConfigValueFactory.fromAnyRef(current.toJSONString()))
                .withValue(
                    "qrflow.auth.previous-public-jwks",
                    ConfigValueFactory.fromAnyRef(new JWKSet(retired.toPublicJWK()).toString())));

    assertThrows(IllegalArgumentException.class, () -> SigningKeys.load(settings, pool));
  }

  static void assertPublicOnly(JWKSet jwks) {
    for (JWK key : jwks.getKeys()) {
      assertFalse(key.isPrivate(), key.getKeyID());
    }
    assertFalse(jwks.containsNonPublicKeys());
    // toString(false) would print private parameters if there were any.
    assertFalse(jwks.toString(false).contains("\"d\""), jwks.toString(false));
    assertFalse(jwks.toString().contains("\"d\""));
  }

  private static IllegalArgumentException rejected(JWK key) {
    AuthSettings settings = withPrivateJwk(key.toJSONString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.load(settings, pool));
    assertTrue(e.getMessage().contains("qrflow.auth.private-jwk"), e.getMessage());
    return e;
  }

  private static AuthSettings withPrivateJwk(String json) {
    return AuthSettings.fromConfig(
        CONFIG.withValue("qrflow.auth.private-jwk", ConfigValueFactory.fromAnyRef(json)));
  }

  private static List<String> storedKids() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT kid FROM auth_service.signing_keys")) {
      List<String> kids = new ArrayList<>();
      while (rs.next()) {
        kids.add(rs.getString(1));
      }
      return kids;
    }
  }
}
