package io.qrflow.edge.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalCookie;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.auth.SessionAuthenticator;
import io.qrflow.edge.http.Problems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Browser sessions: an HttpOnly cookie holding a random session id (see {@link SessionStore}),
 * and a synchronizer CSRF token per session that every unsafe request (anything but GET, HEAD,
 * OPTIONS, TRACE) must echo in {@value #CSRF_HEADER}; missing or wrong, it is a 403.
 */
public final class CookieSessions implements SessionAuthenticator {

  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** Stands in for a token id in a session's principal (sessions are revoked by deletion). */
  static final String SESSION_TOKEN_ID = "dashboard-session";

  private final SessionStore store;
  private final DashboardSettings settings;
  private final Executor blocking;

  public CookieSessions(SessionStore store, DashboardSettings settings, Executor blocking) {
    this.store = store;
    this.settings = settings;
    this.blocking = blocking;
  }

  @Override
  public Route authenticated(Function<Principal, Route> inner, Supplier<Route> noSession) {
    return withSession((id, session) -> inner.apply(principal(session)), noSession);
  }

  /**
   * The request's session and its cookie value, CSRF-checked for unsafe methods; {@code
   * noSession} without a cookie; 401 (and the cookie cleared) for an ended or unknown session.
   */
  Route withSession(BiFunction<String, SessionStore.Session, Route> inner, Supplier<Route> noSession) {
    return optionalCookie(settings.cookieName(), cookie -> cookie.isEmpty() ? noSession.get()
        : extractMethod(method -> optionalHeaderValueByName(CSRF_HEADER, csrf -> {
          String id = cookie.get().value();
          return onComplete(CompletableFuture.supplyAsync(() -> store.find(id), blocking), found -> {
            if (found.isFailure()) return complete(Problems.forFailure(found.failed().get()));
            if (found.get().isEmpty()) {
              return complete(Problems.response(StatusCodes.UNAUTHORIZED,
                  "the session has ended; sign in again", SetCookie.create(clearedCookie())));
            }
            SessionStore.Session session = found.get().get();
            if (!method.isSafe() && !matches(csrf, session.csrfToken())) {
              return Problems.problem(StatusCodes.FORBIDDEN,
                  "missing or invalid CSRF token: send the session's csrfToken in " + CSRF_HEADER);
            }
            return inner.apply(id, session);
          });
        })));
  }

  /** The cookie that carries a new session. */
  HttpCookie sessionCookie(SessionStore.Started started) {
    return baseCookie(started.id()).withMaxAge(settings.sessionTtl().toSeconds());
  }

  /** A cookie that makes the browser forget the session. */
  HttpCookie clearedCookie() {
    return baseCookie("").withMaxAge(0);
  }

  private HttpCookie baseCookie(String value) {
    return HttpCookie.create(settings.cookieName(), value)
        .withPath("/")
        .withHttpOnly(true)
        .withSecure(settings.cookieSecure())
        .withSameSite(settings.sameSite());
  }

  private static boolean matches(Optional<String> presented, String expected) {
    return presented.isPresent() && MessageDigest.isEqual(
        presented.get().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static Principal principal(SessionStore.Session session) {
    return new Principal(session.userId(), session.email(), SESSION_TOKEN_ID, session.expiresAt());
  }
}
