package io.qrflow.projections.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerificationTokensTest {

  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final String USER = "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a001";

  private VerificationTokens at(Instant instant, byte[] secret) {
    return new VerificationTokens(secret, Duration.ofHours(48), Clock.fixed(instant, ZoneOffset.UTC));
  }

  @Test
  void givenAnIssuedToken_thenItVerifiesUntilItExpires() {
    String token = at(NOW, SECRET).issue(USER, "ada@example.com");

    assertEquals(Optional.of(new VerificationTokens.Verified(USER, "ada@example.com")),
        at(NOW.plus(Duration.ofHours(47)), SECRET).verify(token));
    assertTrue(at(NOW.plus(Duration.ofHours(49)), SECRET).verify(token).isEmpty(), "expired");
  }

  @Test
  void givenATamperedOrForeignToken_thenItIsRefused() {
    String token = at(NOW, SECRET).issue(USER, "ada@example.com");
    String otherPayload = at(NOW, SECRET).issue(USER, "eve@example.com").split("\\.")[0];

    assertTrue(at(NOW, SECRET).verify(otherPayload + "." + token.split("\\.")[1]).isEmpty());
    assertTrue(at(NOW, "another secret of enough length!".getBytes()).verify(token).isEmpty());
    assertTrue(at(NOW, SECRET).verify("no-dot").isEmpty());
    assertTrue(at(NOW, SECRET).verify("!!!.@@@").isEmpty());
    assertTrue(at(NOW, SECRET).verify(null).isEmpty());
  }
}
