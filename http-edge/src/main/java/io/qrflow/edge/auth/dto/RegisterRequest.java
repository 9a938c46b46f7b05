package io.qrflow.edge.auth.dto;

/** Body of {@code POST /api/v1/auth/register}. */
public record RegisterRequest(String email, String password, String displayName) {
  /** Never prints the password. */
  @Override
  public String toString() {
    return "RegisterRequest[displayName=" + displayName + "]";
  }
}
