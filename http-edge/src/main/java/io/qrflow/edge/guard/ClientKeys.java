package io.qrflow.edge.guard;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names clients in Redis keys by a keyed hash (HMAC-SHA256, truncated) of their IP address, or of
 * IP and account, so raw IPs and e-mail addresses never reach Redis. The secret is the visitor-id
 * secret, shared by every node, so all nodes count a client under the same key.
 */
public final class ClientKeys {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int KEY_BYTES = 16;

  private final SecretKeySpec secret;

  public ClientKeys(byte[] secret) {
    this.secret = new SecretKeySpec(secret, ALGORITHM);
  }

  public String ip(String ip) {
    return hash("ip|" + ip);
  }

  public String accountAndIp(String email, String ip) {
    return hash("login|" + email + "|" + ip);
  }

  private String hash(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, KEY_BYTES));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
