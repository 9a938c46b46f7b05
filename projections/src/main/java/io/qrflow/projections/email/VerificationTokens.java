package io.qrflow.projections.email;

import io.qrflow.infra.StoredSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Signed, expiring e-mail verification tokens: {@code base64url(userId|email|expiry)} and an
 * HMAC-SHA256 of it, joined by a dot. The secret is configured or kept in the database, so every
 * node (the mail sender and the edge answering the link) shares it.
 */
public final class VerificationTokens {

  private static final String ALGORITHM = "HmacSHA256";
  private static final String SECRET_NAME = "email-verification";
  private static final int SECRET_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** What a valid token confirms. */
  public record Verified(String userId, String email) {}

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  public VerificationTokens(byte[] secret, Duration ttl, Clock clock) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.ttl = ttl;
    this.clock = clock;
  }

  public static VerificationTokens fromSettings(EmailSettings settings, DataSource dataSource, Clock clock) {
    byte[] secret = settings.verificationSecret().isEmpty()
        ? StoredSecrets.getOrCreate(dataSource, SECRET_NAME, SECRET_BYTES)
        : Base64.getDecoder().decode(settings.verificationSecret());
    return new VerificationTokens(secret, settings.verificationTtl(), clock);
  }

  public String issue(String userId, String email) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    String payload = ENCODER.encodeToString(
        (userId + "|" + email + "|" + expires).getBytes(StandardCharsets.UTF_8));
    return payload + "." + ENCODER.encodeToString(sign(payload));
  }

  /** The user and address of a well-signed, unexpired token. */
  public Optional<Verified> verify(String token) {
    if (token == null) return Optional.empty();
    int dot = token.indexOf('.');
    if (dot <= 0) return Optional.empty();
    String payload = token.substring(0, dot);
    try {
      byte[] signature = DECODER.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, sign(payload))) return Optional.empty();
      String[] parts = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split("\\|");
      if (parts.length != 3) return Optional.empty();
      if (Instant.ofEpochSecond(Long.parseLong(parts[2])).isBefore(clock.instant())) return Optional.empty();
      return Optional.of(new Verified(parts[0], parts[1]));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  public Duration ttl() {
    return ttl;
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
