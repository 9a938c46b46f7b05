package io.qrflow.edge.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.junit.jupiter.api.Test;

/** The session cookie's flags from configuration: Secure with TLS, SameSite, HttpOnly always. */
class SessionCookieTest {

  private static final SessionStore.Started STARTED = new SessionStore.Started("session-id",
      new SessionStore.Session("u", "ada@example.com", "csrf", Instant.EPOCH));

  @Test
  void givenHttpsPublicUrl_whenSecureIsAuto_thenTheCookieIsSecureHttpOnlyAndLax() {
    String cookie = sessionCookie(Map.of("qrflow.http.public-base-url", "https://qr.example"));

    assertEquals("qrflow_session=session-id; Max-Age=43200; Path=/; Secure; HttpOnly; SameSite=Lax", cookie);
  }

  @Test
  void givenHttpPublicUrl_whenSecureIsAuto_thenNotSecure() {
    String cookie = sessionCookie(Map.of("qrflow.http.public-base-url", "http://localhost:3000"));

    assertFalse(cookie.contains("Secure"), cookie);
    assertTrue(cookie.contains("HttpOnly"), cookie);
  }

  @Test
  void givenSecureForcedAndStrict_whenCookieMade_thenBothApply() {
    String cookie = sessionCookie(Map.of("qrflow.http.public-base-url", "http://localhost:3000",
        "qrflow.dashboard.session.cookie-secure", "true",
        "qrflow.dashboard.session.same-site", "Strict"));

    assertTrue(cookie.contains("; Secure") && cookie.contains("SameSite=Strict"), cookie);
  }

  @Test
  void givenSignOut_whenCookieCleared_thenEmptyValueExpiringAtOnce() {
    var sessions = new CookieSessions(null, settings(Map.of()), Runnable::run);

    assertTrue(SetCookie.create(sessions.clearedCookie()).value().startsWith("qrflow_session=; Max-Age=0; Path=/"));
  }

  @Test
  void givenSameSiteNone_whenConfigured_thenRefusedAtStart() {
    assertThrows(IllegalArgumentException.class,
        () -> settings(Map.of("qrflow.dashboard.session.same-site", "None")));
    assertThrows(IllegalArgumentException.class,
        () -> settings(Map.of("qrflow.dashboard.session.cookie-secure", "maybe")));
  }

  private static String sessionCookie(Map<String, String> overrides) {
    var sessions = new CookieSessions(null, settings(overrides), Runnable::run);
    return SetCookie.create(sessions.sessionCookie(STARTED)).value();
  }

  private static DashboardSettings settings(Map<String, String> overrides) {
    return DashboardSettings.fromConfig(
        ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()).resolve());
  }
}
