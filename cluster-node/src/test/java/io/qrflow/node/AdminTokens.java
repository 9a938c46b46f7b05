package io.qrflow.node;

/** An access token of the shared node's administrator ({@link SharedNode#ADMIN_EMAIL}). */
final class AdminTokens {

  private static final String PASSWORD = "a long enough password";

  private AdminTokens() {}

  static String of(TestNode node) {
    var registered = node.post("/api/v1/auth/register", null, "{\"email\":\"" + SharedNode.ADMIN_EMAIL
        + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Admin\"}");
    if (registered.statusCode() != 201 && registered.statusCode() != 409) {
      throw new IllegalStateException(registered.body());
    }
    var login = node.post("/api/v1/auth/login", null,
        "{\"email\":\"" + SharedNode.ADMIN_EMAIL + "\",\"password\":\"" + PASSWORD + "\"}");
    if (login.statusCode() != 200) throw new IllegalStateException(login.body());
    return TestNode.json(login).get("accessToken").asText();
  }
}
