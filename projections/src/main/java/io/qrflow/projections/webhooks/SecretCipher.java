package io.qrflow.projections.webhooks;

import com.typesafe.config.Config;
import io.qrflow.projections.jdbc.Sql;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook signing secrets at rest: AES-256-GCM with a random nonce and the endpoint id as
 * associated data (a sealed secret copied onto another endpoint does not open). Stored as
 * {@code v1.<key id>.<base64url(nonce | ciphertext | tag)>}; the key id (a hash prefix of the key)
 * names the key that sealed it, so a wrong key is reported as such.
 *
 * <p>The key is {@code qrflow.webhooks.secret-key} (32 bytes, base64). Empty means dev mode: the key
 * is generated once into {@code integrations_db.webhook_secret_key}, as auth does with its dev JWT
 * key, which keeps the secrets out of plain sight but next to their key; production sets one.
 */
public final class SecretCipher {

  private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
  private static final String SETTING = "qrflow.webhooks.secret-key";
  private static final String VERSION = "v1";
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_ID_BYTES = 4;
  /** Any value shared by all nodes: it only serializes the creation of the dev key. */
  private static final long DEV_KEY_LOCK = 0x7172666c6f776831L;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;

  public SecretCipher(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(SETTING + " must be " + KEY_BYTES + " bytes, base64-encoded");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.keyId = keyId(key);
  }

  /** The configured key, or the dev key from the database; then seals any secret still in clear. */
  public static SecretCipher load(Config config, DataSource dataSource) {
    String configured = config.getString(SETTING).strip();
    try {
      SecretCipher cipher = configured.isEmpty() ? fromDatabase(dataSource) : new SecretCipher(decode(configured));
      int sealed = cipher.sealClearSecrets(dataSource);
      if (sealed > 0) log.info("encrypted {} webhook secrets stored in clear", sealed);
      return cipher;
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the webhook secret key", e);
    }
  }

  public String seal(UUID endpoint, String secret) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher aes = Cipher.getInstance(TRANSFORMATION);
      aes.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      aes.updateAAD(aad(endpoint));
      byte[] sealed = aes.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return VERSION + "." + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** The clear secret; IllegalStateException if it was sealed with another key or tampered with. */
  public String open(UUID endpoint, String stored) {
    String[] parts = stored.split("\\.", 3);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new IllegalStateException("the secret of webhook " + endpoint + " is not sealed");
    }
    if (!parts[1].equals(keyId)) {
      throw new IllegalStateException("the secret of webhook " + endpoint + " was sealed with key "
          + parts[1] + ", not the configured " + keyId + " (" + SETTING + ")");
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(parts[2]);
      Cipher aes = Cipher.getInstance(TRANSFORMATION);
      aes.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      aes.updateAAD(aad(endpoint));
      return new String(aes.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the secret of webhook " + endpoint + " does not open", e);
    }
  }

  /** Rows written before secrets were encrypted; compare-and-set, so nodes may run it together. */
  int sealClearSecrets(DataSource dataSource) throws SQLException {
    int sealed = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id, secret FROM integrations_db.webhook_endpoints"
            + " WHERE secret NOT LIKE '" + VERSION + ".%'");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        String clear = rs.getString(2);
        sealed += Sql.update(c, "UPDATE integrations_db.webhook_endpoints SET secret = ? WHERE id = ? AND secret = ?",
            seal(id, clear), id, clear);
      }
    }
    return sealed;
  }

  private static SecretCipher fromDatabase(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // Nodes starting together would each generate a key; under the lock the later ones find the first one's.
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, DEV_KEY_LOCK);
          lock.execute();
        }
        byte[] key = storedKey(c);
        if (key == null) {
          key = new byte[KEY_BYTES];
          RANDOM.nextBytes(key);
          Sql.update(c, "INSERT INTO integrations_db.webhook_secret_key(id, key) VALUES (1, ?)",
              Base64.getEncoder().encodeToString(key));
          log.info("generated the dev-mode webhook secret key {}; set {} in production", keyId(key), SETTING);
        }
        c.commit();
        return new SecretCipher(key);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static byte[] storedKey(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT key FROM integrations_db.webhook_secret_key WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Base64.getDecoder().decode(rs.getString(1)) : null;
    }
  }

  private static byte[] decode(String configured) {
    try {
      return Base64.getDecoder().decode(configured);
    } catch (IllegalArgumentException e) {
      // The cause is dropped on purpose: it may quote the key.
      throw new IllegalArgumentException(SETTING + " is not base64 (generate one with: openssl rand -base64 32)");
    }
  }

  private static byte[] aad(UUID endpoint) {
    return endpoint.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String keyId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, KEY_ID_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
