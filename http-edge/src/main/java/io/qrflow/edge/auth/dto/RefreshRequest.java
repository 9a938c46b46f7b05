package io.qrflow.edge.auth.dto;

/** Body of {@code POST /api/v1/auth/refresh} and {@code /logout}. */
public record RefreshRequest(String refreshToken) {
  /** Never prints the token. */
  @Override
  public String toString() {
    return "RefreshRequest[]";
  }
}
