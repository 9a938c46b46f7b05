package io.qrflow.edge.auth.dto;

/** Body of {@code POST /api/v1/auth/login}. */
public record LoginRequest(String email, String password) {
  /** Never prints the password. */
  @Override
  public String toString() {
    return "LoginRequest[]";
  }
}
