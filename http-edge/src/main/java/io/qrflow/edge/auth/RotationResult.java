package io.qrflow.edge.auth;

/** What presenting a refresh token to {@link RefreshTokenStore#rotate} led to. */
public sealed interface RotationResult {

  /** The token was valid: it is now used up and {@code newToken} replaces it. */
  record Rotated(String newToken, String userId, String email) implements RotationResult {

    /** Never prints the token. */
    @Override
    public String toString() {
      return "Rotated[userId=" + userId + "]";
    }
  }

  /**
   * The token had been used before or its family was revoked: it may be stolen, so its whole family
   * is now revoked and the user must sign in again.
   */
  record Reused(String userId) implements RotationResult {}

  /** Unknown or expired token. */
  record Invalid() implements RotationResult {}
}
