package io.qrflow.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.EmbeddedPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenServiceTest {

  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  private static final String USER = "6f1c2a4e-1b7d-4c39-9a4e-3f1d2c5b7a90";
  private static final String EMAIL = "ada@example.com";
  private static final Config CONFIG = ConfigFactory.parseResources("qrflow-auth.conf").resolve();
  private static final AuthSettings SETTINGS = AuthSettings.fromConfig(CONFIG);

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer server;
  private static HikariDataSource pool;
  private static SigningKeys keys;

  private final TestClock clock = new TestClock(T0);
  private final TokenService tokens = new TokenService(SETTINGS, keys, clock);

  @BeforeAll
  static void startDatabase() {
    server = EmbeddedPostgresServer.start(dataDir, 0);
    pool = Database.pool(server.settings(2), "token-service-test");
    Database.migrate(pool);
    keys = SigningKeys.load(SETTINGS, pool); // dev mode: the key comes from the database
  }

  @AfterAll
  static void stopDatabase() {
    pool.close();
    server.close();
  }

  @Test
  void defaultsAreFifteenMinutesWithThirtySecondsOfSkew() {
    assertEquals(Duration.ofMinutes(15), SETTINGS.accessTokenTtl());
    assertEquals(Duration.ofSeconds(30), SETTINGS.clockSkew());
    assertEquals("http://localhost:3000", SETTINGS.issuer());
    assertEquals("qrflow-api", SETTINGS.audience());
  }

  @Test
  void givenAnIssuedTokenWhenVerifiedThenItsPrincipalComesBack() throws Exception {
    IssuedToken issued = tokens.issueAccessToken(USER, EMAIL);

    Principal principal = tokens.verify(issued.token());

    assertEquals(new Principal(USER, EMAIL, issued.jti(), T0.plusSeconds(900)), principal);
    assertEquals(900, issued.expiresInSeconds());
    assertEquals(T0.plusSeconds(900), issued.expiresAt());
    SignedJWT jwt = SignedJWT.parse(issued.token());
    assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
    assertEquals(keys.keyId(), jwt.getHeader().getKeyID());
    assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertEquals("http://localhost:3000", claims.getIssuer());
    assertEquals(List.of("qrflow-api"), claims.getAudience());
    assertEquals(USER, claims.getSubject());
    assertEquals(EMAIL, claims.getStringClaim("email"));
    assertEquals(Date.from(T0), claims.getIssueTime());
    assertEquals(Date.from(T0), claims.getNotBeforeTime());
    assertEquals(issued.jti(), claims.getJWTID());
    UUID.fromString(issued.jti());
  }

  @Test
  void eachTokenHasItsOwnJti() {
    assertNotEquals(
        tokens.issueAccessToken(USER, EMAIL).jti(), tokens.issueAccessToken(USER, EMAIL).jti());
  }

  @Test
  void givenTheClockPastExpiryPlusSkewThenTheTokenIsExpired() throws Exception {
    IssuedToken issued = tokens.issueAccessToken(USER, EMAIL);

    clock.set(issued.expiresAt().plus(SETTINGS.clockSkew()).minusSeconds(1));
    assertEquals(USER, tokens.verify(issued.token()).userId());

    clock.set(issued.expiresAt().plus(SETTINGS.clockSkew()).plusSeconds(1));
    assertRejected(issued.token(), "token expired");
  }

  @Test
  void givenATokenFromTheFutureBeyondSkewThenItIsNotYetValid() {
    IssuedToken issued = tokens.issueAccessToken(USER, EMAIL);

    clock.set(T0.minus(SETTINGS.clockSkew()).minusSeconds(1));

    assertRejected(issued.token(), "token not yet valid");
  }

  @Test
  void givenAnotherIssuerWithTheSameKeyThenTheTokenIsRejected() {
    TokenService other = new TokenService(with("issuer", "https://evil.example"), keys, clock);

    assertRejected(other.issueAccessToken(USER, EMAIL).token(), "wrong issuer");
  }

  @Test
  void givenAnotherAudienceWithTheSameKeyThenTheTokenIsRejected() {
    TokenService other = new TokenService(with("audience", "other-api"), keys, clock);

    assertRejected(other.issueAccessToken(USER, EMAIL).token(), "wrong audience");
  }

  @Test
  void givenATamperedPayloadThenTheSignatureIsInvalid() {
    String[] parts = tokens.issueAccessToken(USER, EMAIL).token().split("\\.");
    String payload = new Base64URL(parts[1]).decodeToString();
    String forged = payload.replace(USER, UUID.randomUUID().toString());
    assertNotEquals(payload, forged);

    String tampered = parts[0] + "." + Base64URL.encode(forged) + "." + parts[2];

    assertRejected(tampered, "signature invalid");
  }

  @Test
  void givenAnotherKeyWithTheSameKidThenTheSignatureIsInvalid() throws Exception {
    ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(keys.keyId()).generate();

    String token = sign(new ECDSASigner(impostor), es256Header(keys.keyId()), validClaims());

    assertRejected(token, "signature invalid");
  }

  @Test
  void givenAnUnknownKidOrAKeyEmbeddedInTheTokenThenItIsRejected() throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
    JWSHeader embedded =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(JOSEObjectType.JWT)
            .keyID("attacker")
            .jwk(attacker.toPublicJWK())
            .build();

    assertRejected(sign(new ECDSASigner(attacker), es256Header("attacker"), validClaims()), null);
    assertRejected(sign(new ECDSASigner(attacker), embedded, validClaims()), null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE"})
  void givenAlgNoneThenTheTokenIsRejected(String alg) {
    String payload = tokens.issueAccessToken(USER, EMAIL).token().split("\\.")[1];
    String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").toString();

    assertRejected(header + "." + payload + ".", null);
  }

  @Test
  void givenHs256ThenTheTokenIsRejectedEvenWhenKeyedWithThePublicKey() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    byte[] publicJwk =
        keys.publicJwks()
            .getKeyByKeyId(keys.keyId())
            .toJSONString()
            .getBytes(StandardCharsets.UTF_8);
    JWSHeader hs256 =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .type(JOSEObjectType.JWT)
            .keyID(keys.keyId())
            .build();

    assertRejected(sign(new MACSigner(secret), hs256, validClaims()), "unsupported algorithm");
    assertRejected(sign(new MACSigner(publicJwk), hs256, validClaims()), "unsupported algorithm");
  }

  @Test
  void givenAnotherEcAlgorithmThenTheTokenIsRejected() throws Exception {
    ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID(keys.keyId()).generate();
    JWSHeader es384 =
        new JWSHeader.Builder(JWSAlgorithm.ES384)
            .type(JOSEObjectType.JWT)
            .keyID(keys.keyId())
            .build();

    assertRejected(sign(new ECDSASigner(p384), es384, validClaims()), "unsupported algorithm");
  }

  @Test
  void givenMissingClaimsThenTheTokenIsRejected() throws Exception {
    JWTClaimsSet noEmail = new JWTClaimsSet.Builder(validClaims()).claim("email", null).build();
    JWTClaimsSet noJti = new JWTClaimsSet.Builder(validClaims()).jwtID(null).build();
    JWSSigner signer = new ECDSASigner(keys.signingKey());

    assertRejected(sign(signer, es256Header(keys.keyId()), noEmail), "missing claims");
    assertRejected(sign(signer, es256Header(keys.keyId()), noJti), "missing claims");
    JWTClaimsSet numericEmail = new JWTClaimsSet.Builder(validClaims()).claim("email", 42).build();
    assertRejected(sign(signer, es256Header(keys.keyId()), numericEmail), null);
    // Control: the same claims with nothing removed pass, so the rejections above are real.
    assertEquals(
        USER, tokens.verify(sign(signer, es256Header(keys.keyId()), validClaims())).userId());
  }

  @Test
  void givenAnotherOrNoTypThenTheTokenIsRejected() throws Exception {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType("at+jwt+evil"))
            .keyID(keys.keyId())
            .build();

    JWSHeader noTyp = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.keyId()).build();
    JWSSigner signer = new ECDSASigner(keys.signingKey());

    assertRejected(sign(signer, header, validClaims()), "token rejected");
    assertRejected(sign(signer, noTyp, validClaims()), "token rejected");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "garbage",
        "a.b.c",
        "a.b",
        "...",
        "eyJhbGciOiJFUzI1NiJ9..",
        "eyJhbGciOiJFUzI1NiJ9.e30.",
        "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln",
        "eyJ0eXAiOiJKV1QifQ.e30.c2ln",
        "Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln",
        "eyJhbGciOjF9.eyJzdWIiOlsxXSwiZXhwIjoic29vbiJ9.c2ln",
        "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6NX0.eyJzdWIiOlsxXSwiZXhwIjoic29vbiJ9.c2ln",
        "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImNyaXQiOlsiZXhwIl19"
            + ".eyJzdWIiOlsxXSwiZXhwIjoic29vbiJ9.c2ln",
        "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.W10.c2ln"
      })
  void givenGarbageThenTheTokenIsRejected(String garbage) {
    assertRejected(garbage, null);
  }

  @Test
  void givenNullThenTheTokenIsRejected() {
    assertThrows(InvalidTokenException.class, () -> tokens.verify(null));
  }

  @Test
  void theJwksHasOnlyPublicKeysAndContainsTheKid() {
    assertNotNull(keys.publicJwks().getKeyByKeyId(keys.keyId()));
    SigningKeysTest.assertPublicOnly(keys.publicJwks());
  }

  private void assertRejected(String token, String expectedReason) {
    InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
    if (expectedReason != null) {
      assertEquals(expectedReason, e.reason());
    }
    assertFalse(e.reason().isBlank());
    if (token.length() > 3) {
      assertFalse(e.getMessage().contains(token), e.getMessage());
    }
  }

  private static AuthSettings with(String key, String value) {
    return AuthSettings.fromConfig(
        CONFIG.withValue("qrflow.auth." + key, ConfigValueFactory.fromAnyRef(value)));
  }

  private static JWSHeader es256Header(String kid) {
    return new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(kid).build();
  }

  private static JWTClaimsSet validClaims() {
    return new JWTClaimsSet.Builder()
        .issuer(SETTINGS.issuer())
        .audience(SETTINGS.audience())
        .subject(USER)
        .claim("email", EMAIL)
        .issueTime(Date.from(T0))
        .notBeforeTime(Date.from(T0))
        .expirationTime(Date.from(T0.plusSeconds(60)))
        .jwtID(UUID.randomUUID().toString())
        .build();
  }

  private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims)
      throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {

    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
