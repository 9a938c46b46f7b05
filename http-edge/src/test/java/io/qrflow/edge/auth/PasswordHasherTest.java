package io.qrflow.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  private static final AuthSettings DEFAULTS =
      AuthSettings.fromConfig(ConfigFactory.parseResources("qrflow-auth.conf").resolve());
  // Cheap parameters keep the suite fast; the defaults are checked once below.
  private static final AuthSettings FAST =
      new AuthSettings(
          DEFAULTS.issuer(),
          DEFAULTS.audience(),
          DEFAULTS.accessTokenTtl(),
          DEFAULTS.refreshTokenTtl(),
          DEFAULTS.clockSkew(),
          "",
          "",
          new AuthSettings.Argon2(1024, 1, 1, 32, 16),
          new AuthSettings.PasswordPolicy(10, 20));

  private final PasswordHasher hasher = new PasswordHasher(FAST);

  @Test
  void hashIsPhcArgon2idWithTheConfiguredParameters() {
    String hash = new PasswordHasher(DEFAULTS).hash("correct horse battery");

    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertTrue(new PasswordHasher(DEFAULTS).verify("correct horse battery", hash));
  }

  @Test
  void verifyAcceptsTheRightPasswordOnly() {
    String hash = hasher.hash("correct horse battery");

    assertTrue(hasher.verify("correct horse battery", hash));
    assertFalse(hasher.verify("correct horse batterY", hash));
    assertFalse(hasher.verify("", hash));
  }

  @Test
  void samePasswordGetsADifferentSaltEachTime() {
    assertNotEquals(hasher.hash("correct horse battery"), hasher.hash("correct horse battery"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not a hash",
        "$argon2id$",
        "$argon2id$v=19$m=1024,t=1,p=1$",
        "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
      })
  void malformedHashIsFalseNotAnError(String storedHash) {
    assertFalse(hasher.verify("correct horse battery", storedHash));
  }

  @Test
  void nullsAreFalse() {
    assertFalse(hasher.verify(null, hasher.hash("correct horse battery")));
    assertFalse(hasher.verify("correct horse battery", null));
  }

  @Test
  void burnDoesNotThrow() {
    hasher.burn("whatever the attacker sent");
    hasher.burn(null);
  }

  @Test
  void problemWithChecksLengthInCodePointsAndBlankness() {
    assertEquals(Optional.empty(), hasher.problemWith("0123456789"));
    assertEquals(Optional.empty(), hasher.problemWith("01234567890123456789"));
    assertTrue(hasher.problemWith("012345678").orElseThrow().contains("at least 10"));
    assertTrue(hasher.problemWith("012345678901234567890").orElseThrow().contains("at most 20"));
    assertTrue(hasher.problemWith(null).isPresent());
    assertTrue(hasher.problemWith("").isPresent());
    // Ten emoji are 20 UTF-16 chars but 10 code points: long enough, not too long.
    assertEquals(Optional.empty(), hasher.problemWith("😀".repeat(10)));
    assertTrue(hasher.problemWith("😀".repeat(11)).isEmpty());
    assertTrue(hasher.problemWith("😀".repeat(21)).isPresent());
    assertTrue(hasher.problemWith(" ".repeat(12)).orElseThrow().contains("whitespace"));
    assertTrue(hasher.problemWith(" \t\n\u00a0 \u2003      ").isPresent());
    assertEquals(Optional.empty(), hasher.problemWith("  padded  pw  "));
  }
}
