package io.qrflow.edge.auth;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of sign-in, from {@code qrflow.auth} (defaults in {@code qrflow-auth.conf}).
 *
 * @param privateJwk the signing key as a private JWK (JSON); empty means dev mode, where the key is
 *     kept in the database
 * @param previousPublicJwks a JWKS (JSON) of retired public keys still accepted; may be empty
 */
public record AuthSettings(
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration clockSkew,
    String privateJwk,
    String previousPublicJwks,
    Argon2 argon2,
    PasswordPolicy password) {

  /** argon2id cost parameters for new password hashes. */
  public record Argon2(
      int memoryKib, int iterations, int parallelism, int hashLength, int saltLength) {

    public Argon2 {
      requirePositive(memoryKib, "argon2.memory-kib");
      requirePositive(iterations, "argon2.iterations");
      requirePositive(parallelism, "argon2.parallelism");
      requirePositive(hashLength, "argon2.hash-length");
      requirePositive(saltLength, "argon2.salt-length");
    }
  }

  /** Length bounds of a new password, in code points. */
  public record PasswordPolicy(int minLength, int maxLength) {

    public PasswordPolicy {
      requirePositive(minLength, "password.min-length");
      if (maxLength < minLength) {
        throw new IllegalArgumentException(
            "qrflow.auth.password.max-length must not be below min-length");
      }
    }
  }

  public AuthSettings {
    requireText(issuer, "issuer");
    requireText(audience, "audience");
    requirePositive(accessTokenTtl, "access-token-ttl");
    requirePositive(refreshTokenTtl, "refresh-token-ttl");
    Objects.requireNonNull(clockSkew, "clock-skew");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("qrflow.auth.clock-skew must not be negative");
    }
    Objects.requireNonNull(privateJwk, "private-jwk");
    Objects.requireNonNull(previousPublicJwks, "previous-public-jwks");
    Objects.requireNonNull(argon2, "argon2");
    Objects.requireNonNull(password, "password");
  }

  /** Reads {@code qrflow.auth} from the root config. */
  public static AuthSettings fromConfig(Config config) {
    Config auth = config.getConfig("qrflow.auth");
    Config argon2 = auth.getConfig("argon2");
    Config password = auth.getConfig("password");
    return new AuthSettings(
        auth.getString("issuer"),
        auth.getString("audience"),
        auth.getDuration("access-token-ttl"),
        auth.getDuration("refresh-token-ttl"),
        auth.getDuration("clock-skew"),
        auth.getString("private-jwk").strip(),
        auth.getString("previous-public-jwks").strip(),
        new Argon2(
            argon2.getInt("memory-kib"),
            argon2.getInt("iterations"),
            argon2.getInt("parallelism"),
            argon2.getInt("hash-length"),
            argon2.getInt("salt-length")),
        new PasswordPolicy(password.getInt("min-length"), password.getInt("max-length")));
  }

  /** Dev mode: no configured key, so the signing key lives in the database. */
  public boolean keyInDatabase() {
    return privateJwk.isBlank();
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "AuthSettings[issuer="
        + issuer
        + ", audience="
        + audience
        + ", accessTokenTtl="
        + accessTokenTtl
        + ", refreshTokenTtl="
        + refreshTokenTtl
        + ", clockSkew="
        + clockSkew
        + ", privateJwk="
        + (keyInDatabase() ? "<none>" : "<set>")
        + ", previousPublicJwks="
        + previousPublicJwks
        + ", argon2="
        + argon2
        + ", password="
        + password
        + "]";
  }

  private static void requireText(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("qrflow.auth." + key + " must not be empty");
    }
  }

  private static void requirePositive(Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("qrflow.auth." + key + " must be positive");
    }
  }

  private static void requirePositive(int value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException("qrflow.auth." + key + " must be positive");
    }
  }
}
