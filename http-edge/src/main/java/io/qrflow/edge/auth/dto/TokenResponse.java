package io.qrflow.edge.auth.dto;

/** A fresh access token (JWT, {@code expiresIn} seconds) and the refresh token that replaces it. */
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn) {
  public static TokenResponse bearer(String accessToken, String refreshToken, long expiresIn) {
    return new TokenResponse(accessToken, refreshToken, "Bearer", expiresIn);
  }
}
