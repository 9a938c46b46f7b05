package io.qrflow.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies access tokens: ES256-signed JWTs with {@code kid} and {@code typ: JWT} in the
 * header and {@code iss, aud, sub, email, iat, nbf, exp, jti} as claims.
 *
 * <p>Verification accepts only ES256 signatures by one of {@link SigningKeys#publicJwks()}, so
 * {@code alg: none}, HMAC (even keyed with the public key) and keys named in the token itself are
 * all rejected; then it checks iss and aud exactly and exp/nbf against the injected clock with
 * {@code qrflow.auth.clock-skew} of tolerance. Thread-safe.
 */
public final class TokenService {

  public static final String EMAIL_CLAIM = "email";

  private static final Set<String> REQUIRED_CLAIMS =
      Set.of(
          JWTClaimNames.SUBJECT,
          JWTClaimNames.EXPIRATION_TIME,
          JWTClaimNames.ISSUED_AT,
          JWTClaimNames.JWT_ID,
          EMAIL_CLAIM);

  // Client-facing reasons for the claim checks of DefaultJWTClaimsVerifier, keyed by the start
  // of its messages; anything unmatched is still rejected, as "invalid claims".
  private static final Map<String, String> CLAIM_REASONS =
      Map.of(
          "Expired JWT", "token expired",
          "JWT before use time", "token not yet valid",
          "JWT audience rejected", "wrong audience",
          "JWT missing required audience", "wrong audience",
          "JWT iss claim", "wrong issuer",
          "JWT missing required claims", "missing claims");

  private final AuthSettings settings;
  private final SigningKeys keys;
  private final Clock clock;
  private final JWSSigner signer;
  private final DefaultJWTProcessor<SecurityContext> processor;

  public TokenService(AuthSettings settings, SigningKeys keys, Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
    try {
      this.signer = new ECDSASigner(keys.signingKey());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the signing key cannot sign " + SigningKeys.ALGORITHM, e);
    }
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            SigningKeys.ALGORITHM, new ImmutableJWKSet<>(keys.publicJwks())));
    ClockedClaimsVerifier claimsVerifier = new ClockedClaimsVerifier(settings, clock);
    claimsVerifier.setMaxClockSkew(Math.toIntExact(settings.clockSkew().toSeconds()));
    processor.setJWTClaimsSetVerifier(claimsVerifier);
  }

  /** A new access token for the user, valid for {@code qrflow.auth.access-token-ttl}. */
  public IssuedToken issueAccessToken(String userId, String email) {
    // JWT times are whole seconds; truncating here keeps expiresAt equal to the exp claim.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(settings.accessTokenTtl()).truncatedTo(ChronoUnit.SECONDS);
    String jti = UUID.randomUUID().toString();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(settings.issuer())
            .audience(settings.audience())
            .subject(userId)
            .claim(EMAIL_CLAIM, email)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expiresAt))
            .jwtID(jti)
            .build();
    JWSHeader header =
        new JWSHeader.Builder(SigningKeys.ALGORITHM)
            .keyID(keys.keyId())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign an access token", e);
    }
    long expiresIn = Duration.between(now, expiresAt).toSeconds();
    return new IssuedToken(jwt.serialize(), expiresIn, jti, expiresAt);
  }

  /**
   * The principal of a valid access token.
   *
   * @throws InvalidTokenException with a client-safe reason if the token is not acceptable
   */
  public Principal verify(String token) throws InvalidTokenException {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("missing token");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token", e);
    }
    // The key selector pins the algorithm too; checking first gives the client a clear reason.
    if (!(jwt instanceof SignedJWT signed)
        || !SigningKeys.ALGORITHM.equals(signed.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("unsupported algorithm");
    }
    try {
      JWTClaimsSet claims = processor.process(signed, null);
      return new Principal(
          claims.getSubject(),
          claims.getStringClaim(EMAIL_CLAIM),
          claims.getJWTID(),
          claims.getExpirationTime().toInstant());
    } catch (RejectedClaims e) {
      throw new InvalidTokenException(e.reason, e);
    } catch (BadJWSException e) {
      throw new InvalidTokenException("signature invalid", e);
    } catch (BadJOSEException e) {
      // No key with the token's kid, or a header the processor does not accept.
      throw new InvalidTokenException("token rejected", e);
    } catch (JOSEException | ParseException e) {
      throw new InvalidTokenException("malformed token", e);
    }
  }

  /** The claim checks of nimbus, timed by our clock instead of the system's. */
  private static final class ClockedClaimsVerifier
      extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;

    ClockedClaimsVerifier(AuthSettings settings, Clock clock) {
      // Mutable sets: nimbus probes them with contains(null), which immutable sets reject.
      super(
          new HashSet<>(Set.of(settings.audience())),
          new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
          new HashSet<>(REQUIRED_CLAIMS),
          new HashSet<>());
      this.clock = clock;
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      try {
        super.verify(claims, context);
      } catch (BadJWTException e) {
        throw new RejectedClaims(reasonFor(e), e);
      }
    }

    private static String reasonFor(BadJWTException e) {
      String message = String.valueOf(e.getMessage());
      return CLAIM_REASONS.entrySet().stream()
          .filter(entry -> message.startsWith(entry.getKey()))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse("invalid claims");
    }
  }

  /** A claims rejection that carries its client-facing reason. */
  private static final class RejectedClaims extends BadJWTException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    RejectedClaims(String reason, BadJWTException cause) {
      super(reason, cause);
      this.reason = reason;
    }
  }
}
