package io.qrflow.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs access tokens (EC P-256, used with ES256) and the public keys that verify
 * them: the current one plus retired ones from {@code qrflow.auth.previous-public-jwks}.
 *
 * <p>The signing key comes from {@code qrflow.auth.private-jwk}, or in dev mode from the table
 * {@code auth_service.signing_keys}, where the first node to start generates it. Error messages
 * name the setting at fault but never print key material.
 */
public final class SigningKeys {

  /** The only algorithm qrflow signs and accepts access tokens with. */
  public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  private static final Curve CURVE = Curve.P_256;
  private static final String PRIVATE_JWK_SETTING = "qrflow.auth.private-jwk";
  private static final String PREVIOUS_JWKS_SETTING = "qrflow.auth.previous-public-jwks";

  /** Any value shared by all nodes: it only serializes the creation of the dev key. */
  private static final long DEV_KEY_LOCK = 0x7172666c6f776b31L;

  private static final byte[] PROBE = "qrflow key check".getBytes(StandardCharsets.UTF_8);

  private final ECKey signingKey;
  private final JWKSet publicJwks;

  private SigningKeys(ECKey signingKey, List<ECKey> previous) {
    this.signingKey = signingKey;
    List<JWK> publicKeys = new ArrayList<>();
    publicKeys.add(signingKey.toPublicJWK());
    publicKeys.addAll(previous);
    this.publicJwks = new JWKSet(publicKeys);
  }

  /**
   * The configured key, or in dev mode the database's (generated on first use).
   *
   * @param dataSource only used in dev mode
   * @throws IllegalArgumentException if a configured key is not usable
   */
  public static SigningKeys load(AuthSettings settings, DataSource dataSource) {
    ECKey current =
        settings.keyInDatabase()
            ? fromDatabase(dataSource)
            : parsePrivate(settings.privateJwk(), PRIVATE_JWK_SETTING);
    return new SigningKeys(current, parsePrevious(settings.previousPublicJwks(), current));
  }

  /** The private signing key; its kid goes into every token header. */
  public ECKey signingKey() {
    return signingKey;
  }

  public String keyId() {
    return signingKey.getKeyID();
  }

  /** Public keys only: the current one first, then retired ones. Safe to publish as JWKS. */
  public JWKSet publicJwks() {
    return publicJwks;
  }

  @Override
  public String toString() {
    return "SigningKeys[kid=" + keyId() + ", publicKeys=" + publicJwks.size() + "]";
  }

  private static ECKey fromDatabase(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      Optional<ECKey> existing = newest(connection);
      return existing.isPresent() ? existing.get() : createOnce(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the dev signing key", e);
    }
  }

  private static ECKey createOnce(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      // Nodes starting together would each generate a key; under the lock the later ones find
      // the first one's key and use it.
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, DEV_KEY_LOCK);
        lock.execute();
      }
      Optional<ECKey> existing = newest(connection);
      ECKey key = existing.isPresent() ? existing.get() : insert(connection, generate());
      connection.commit();
      return key;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Optional<ECKey> newest(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT kid, private_jwk FROM auth_service.signing_keys"
                    + " ORDER BY created_at DESC, kid DESC LIMIT 1");
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      String kid = row.getString("kid");
      String source = "auth_service.signing_keys row " + kid;
      ECKey key = parsePrivate(row.getString("private_jwk"), source);
      if (!kid.equals(key.getKeyID())) {
        throw new IllegalStateException(source + " holds a JWK with another kid");
      }
      return Optional.of(key);
    }
  }

  private static ECKey insert(Connection connection, ECKey key) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO auth_service.signing_keys (kid, private_jwk) VALUES (?, ?)")) {
      insert.setString(1, key.getKeyID());
      insert.setString(2, key.toJSONString());
      insert.executeUpdate();
    }
    log.info("generated the dev-mode JWT signing key {}", key.getKeyID());
    return key;
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(CURVE)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(ALGORITHM)
          .keyIDFromThumbprint(true)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate an EC P-256 key", e);
    }
  }

  private static ECKey parsePrivate(String json, String source) {
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException | RuntimeException e) {
      // The cause is dropped on purpose: parser messages may quote parts of the key.
      throw new IllegalArgumentException(
          source + " is not a valid JWK: expected one JSON object with kty, crv, x, y, d and kid");
    }
    ECKey key = requireEcP256(jwk, source);
    if (!key.isPrivate()) {
      throw new IllegalArgumentException(
          source + " is a public key: signing needs the private key (the \"d\" parameter)");
    }
    if (!privatePartMatches(key)) {
      throw new IllegalArgumentException(
          source + ": the private part (\"d\") does not belong to the public part (\"x\", \"y\")");
    }
    return key;
  }

  private static List<ECKey> parsePrevious(String json, ECKey current) {
    if (json.isBlank()) {
      return List.of();
    }
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException(
          PREVIOUS_JWKS_SETTING + " is not a valid JWKS: expected {\"keys\": [...]}");
    }
    List<ECKey> keys = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      ECKey key = requireEcP256(jwk, PREVIOUS_JWKS_SETTING + " key " + jwk.getKeyID());
      if (key.getKeyID().equals(current.getKeyID())) {
        throw new IllegalArgumentException(
            PREVIOUS_JWKS_SETTING
                + " repeats the kid of the current signing key: "
                + key.getKeyID());
      }
      keys.add(key.toPublicJWK());
    }
    return keys;
  }

  private static ECKey requireEcP256(JWK jwk, String source) {
    if (!(jwk instanceof ECKey key)) {
      throw new IllegalArgumentException(
          source + " must be an EC key (kty \"EC\"), not kty \"" + jwk.getKeyType() + "\"");
    }
    if (!CURVE.equals(key.getCurve())) {
      throw new IllegalArgumentException(
          source
              + " must be on curve "
              + CURVE
              + " (for "
              + ALGORITHM
              + "), not "
              + key.getCurve());
    }
    if (key.getKeyID() == null || key.getKeyID().isBlank()) {
      throw new IllegalArgumentException(source + " needs a kid");
    }
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      throw new IllegalArgumentException(source + " must have use \"sig\" or none");
    }
    if (key.getAlgorithm() != null && !ALGORITHM.equals(key.getAlgorithm())) {
      throw new IllegalArgumentException(source + " must have alg " + ALGORITHM + " or none");
    }
    return key;
  }

  // Nimbus does not check that d and (x, y) are one key pair; a mismatch would only show up as
  // every token failing verification.
  private static boolean privatePartMatches(ECKey key) {
    try {
      JWSHeader header = new JWSHeader(ALGORITHM);
      Base64URL signature = new ECDSASigner(key).sign(header, PROBE);
      return new ECDSAVerifier(key.toPublicJWK()).verify(header, PROBE, signature);
    } catch (JOSEException e) {
      return false;
    }
  }
}
