package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's cookie sessions on a real node: cookie flags, CSRF checks on unsafe requests,
 * sign-out, and that bearer tokens work as before.
 */
class DashboardSessionTest {

  private static final String PASSWORD = "a long enough password";
  private static final String PROBLEM_JSON = "application/problem+json";

  private final TestNode node = SharedNode.get();

  /** A signed-in browser: its session cookie and CSRF token. */
  record Browser(String cookie, String csrf, HttpResponse<String> signIn) {}

  @Test
  void givenAccount_whenSignedInForASession_thenHttpOnlySameSiteCookieAndACsrfTokenOfItsOwn() {
    Browser browser = signedIn();

    String setCookie = browser.signIn().headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith("qrflow_session="), setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    assertTrue(setCookie.contains("Path=/"), setCookie);
    assertTrue(setCookie.contains("Max-Age=43200"), setCookie);
    assertFalse(setCookie.contains("Secure"), "the test node's public URL is http: " + setCookie);
    assertTrue(browser.csrf().length() >= 32);
    assertNotEquals(browser.cookie(), browser.csrf());

    var session = send(browser, "GET", "/api/v1/auth/session", null, null);
    assertEquals(200, session.statusCode(), session.body());
    assertEquals(browser.csrf(), TestNode.json(session).get("csrfToken").asText());
    assertEquals(200, send(browser, "GET", "/api/v1/me", null, null).statusCode(),
        "safe API requests need no CSRF token");
  }

  @Test
  void givenSession_whenUnsafeRequestLacksOrForgesTheCsrfToken_then403ProblemAndNothingChanges() {
    Browser browser = signedIn();
    Browser other = signedIn();
    String code = "csrf-" + UUID.randomUUID().toString().substring(0, 8);
    String body = "{\"target\":\"https://example.com/x\",\"code\":\"" + code + "\"}";

    for (String token : new String[] {null, "forged", other.csrf(), browser.cookie()}) {
      var refused = send(browser, "POST", "/api/v1/qr", body, token);
      assertEquals(403, refused.statusCode(), "token " + token + ": " + refused.body());
      assertTrue(refused.headers().firstValue("Content-Type").orElseThrow().startsWith(PROBLEM_JSON));
      assertTrue(TestNode.json(refused).get("detail").asText().contains("CSRF"), refused.body());
    }
    assertEquals(404, send(browser, "GET", "/api/v1/qr/" + code, null, null).statusCode(),
        "no refused request created the code");

    var created = send(browser, "POST", "/api/v1/qr", body, browser.csrf());
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(403, send(browser, "PATCH", "/api/v1/qr/" + code, "{\"status\":\"paused\"}", "forged").statusCode());
    assertEquals(403, send(browser, "DELETE", "/api/v1/qr/" + code, null, null).statusCode());
    var unchanged = send(browser, "GET", "/api/v1/qr/" + code, null, null);
    assertEquals(200, unchanged.statusCode());
    assertEquals("active", TestNode.json(unchanged).get("status").asText(), "refused changes changed nothing");
    var paused = send(browser, "PATCH", "/api/v1/qr/" + code, "{\"status\":\"paused\"}", browser.csrf());
    assertEquals("paused", TestNode.json(paused).get("status").asText(), paused.body());
    assertEquals(404, send(other, "GET", "/api/v1/qr/" + code, null, null).statusCode(),
        "sessions are owner-scoped like tokens");
  }

  @Test
  void givenSession_whenSignedOut_thenCookieClearedAndTheSessionNoLongerWorks() {
    Browser browser = signedIn();

    assertEquals(403, send(browser, "DELETE", "/api/v1/auth/session", null, null).statusCode(),
        "signing out is CSRF-checked too");
    var signedOut = send(browser, "DELETE", "/api/v1/auth/session", null, browser.csrf());

    assertEquals(204, signedOut.statusCode(), signedOut.body());
    String cleared = signedOut.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cleared.startsWith("qrflow_session=;") && cleared.contains("Max-Age=0"), cleared);
    var after = send(browser, "GET", "/api/v1/me", null, null);
    assertEquals(401, after.statusCode());
    assertTrue(after.headers().firstValue("Content-Type").orElseThrow().startsWith(PROBLEM_JSON));
  }

  @Test
  void givenUnknownCookieOrNoCredentials_whenApiCalled_then401Problem() {
    var unknown = node.send(node.request("/api/v1/me", null)
        .header("Cookie", "qrflow_session=" + "A".repeat(43)).GET().build());
    assertEquals(401, unknown.statusCode());
    assertTrue(unknown.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    var none = node.get("/api/v1/me", null);
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
  }

  @Test
  void givenBearerHeaderAndSessionCookie_whenTheTokenIsBad_thenTheTokenDecides() {
    Browser browser = signedIn();
    var request = node.request("/api/v1/me", "not-a-token")
        .header("Cookie", "qrflow_session=" + browser.cookie()).GET().build();

    assertEquals(401, node.send(request).statusCode(), "a session cookie never rescues a bad token");
  }

  @Test
  void givenWrongPassword_whenSigningIn_then401AndNoCookie() {
    String email = "dash-" + UUID.randomUUID() + "@example.com";
    node.signUp(email);
    var refused = node.post("/api/v1/auth/session", null,
        "{\"email\":\"" + email + "\",\"password\":\"not the password\"}");
    assertEquals(401, refused.statusCode());
    assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());
  }

  private Browser signedIn() {
    String email = "dash-" + UUID.randomUUID() + "@example.com";
    node.signUp(email);
    var signIn = node.post("/api/v1/auth/session", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    assertEquals(200, signIn.statusCode(), signIn.body());
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    JsonNode session = TestNode.json(signIn);
    return new Browser(cookie, session.get("csrfToken").asText(), signIn);
  }

  private HttpResponse<String> send(Browser browser, String method, String path, String json, String csrf) {
    HttpRequest.Builder request = node.request(path, null).header("Cookie", "qrflow_session=" + browser.cookie());
    if (csrf != null) request.header("X-CSRF-Token", csrf);
    if (json != null) request.header("Content-Type", "application/json");
    request.method(method, json == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return node.send(request.build());
  }
}
