package io.qrflow.edge.auth;

import java.time.Instant;

/**
 * A signed access token and when it expires.
 *
 * @param expiresInSeconds the token's lifetime, for the OAuth-style {@code expires_in} field
 */
public record IssuedToken(String token, long expiresInSeconds, String jti, Instant expiresAt) {

  /** Never prints the token. */
  @Override
  public String toString() {
    return "IssuedToken[jti=" + jti + ", expiresAt=" + expiresAt + "]";
  }
}
