package io.qrflow.projections.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sealing format and the configured key's checks (the database side is in WebhookSecurityTest). */
class SecretCipherTest {

  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) KEY[i] = (byte) i;
  }

  @Test
  void sealingTwiceGivesDifferentTextsThatBothOpen() {
    var cipher = new SecretCipher(KEY);
    UUID endpoint = UUID.randomUUID();
    String a = cipher.seal(endpoint, "whsec_abc");
    String b = cipher.seal(endpoint, "whsec_abc");
    assertNotEquals(a, b, "a fresh nonce each time");
    assertEquals("whsec_abc", cipher.open(endpoint, a));
    assertEquals("whsec_abc", cipher.open(endpoint, b));
    assertTrue(a.startsWith("v1."), a);
  }

  @Test
  void aTamperedOrForeignTextDoesNotOpen() {
    var cipher = new SecretCipher(KEY);
    UUID endpoint = UUID.randomUUID();
    String sealed = cipher.seal(endpoint, "whsec_abc");
    // Not the last character: its low bits may be padding that decoding ignores.
    int at = sealed.length() - 6;
    char c = sealed.charAt(at);
    String tampered = sealed.substring(0, at) + (c == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    assertThrows(IllegalStateException.class, () -> cipher.open(endpoint, tampered));
    assertThrows(IllegalStateException.class, () -> cipher.open(endpoint, "whsec_abc"), "clear text is not sealed");
    byte[] other = KEY.clone();
    other[0] = 99;
    var error = assertThrows(IllegalStateException.class, () -> new SecretCipher(other).open(endpoint, sealed));
    assertTrue(error.getMessage().contains("sealed with key"), error.getMessage());
  }

  @Test
  void aConfiguredKeyMustBe32Base64BytesAndTheErrorDoesNotQuoteIt() {
    for (String bad : new String[] {"not base64 at all!", Base64.getEncoder().encodeToString(new byte[16])}) {
      var config = ConfigFactory.parseMap(Map.of("qrflow.webhooks.secret-key", bad));
      var error = assertThrows(IllegalArgumentException.class, () -> SecretCipher.load(config, null));
      assertTrue(error.getMessage().startsWith("qrflow.webhooks.secret-key"), error.getMessage());
      assertFalse(error.getMessage().contains(bad), error.getMessage());
    }
  }
}
