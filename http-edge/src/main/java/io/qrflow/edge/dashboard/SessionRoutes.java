package io.qrflow.edge.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.setCookie;

import io.qrflow.edge.auth.SignIn;
import io.qrflow.edge.auth.dto.LoginRequest;
import io.qrflow.edge.dashboard.dto.SessionResponse;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.user.EmailAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/auth/session}: the dashboard's sign-in (POST, sets the session cookie), the
 * current session with its CSRF token (GET) and sign-out (DELETE, CSRF-checked, clears it).
 */
public final class SessionRoutes {

  private static final String BAD_CREDENTIALS = "invalid e-mail or password";

  private final SignIn signIn;
  private final SessionStore store;
  private final CookieSessions sessions;
  private final Executor blocking;

  public SessionRoutes(SignIn signIn, SessionStore store, CookieSessions sessions, Executor blocking) {
    this.signIn = signIn;
    this.store = store;
    this.sessions = sessions;
    this.blocking = blocking;
  }

  public Route route() {
    Supplier<Route> signedOut = () -> Problems.problem(StatusCodes.UNAUTHORIZED, "not signed in");
    return pathPrefix("auth", () -> path("session", () -> concat(
        post(() -> entity(Json.unmarshaller(LoginRequest.class), this::signIn)),
        get(() -> sessions.withSession((id, session) ->
            complete(StatusCodes.OK, SessionResponse.of(session), Json.marshaller()), signedOut)),
        delete(() -> sessions.withSession((id, session) -> signOut(id), signedOut)))));
  }

  private Route signIn(LoginRequest req) {
    Optional<String> email = EmailAddress.normalize(req.email());
    if (email.isEmpty() || req.password() == null) {
      return Problems.invalid(List.of("email and password are required"));
    }
    return optionalHeaderValueByName("User-Agent", userAgent -> onComplete(
        signIn.check(email.get(), req.password(), userAgent.orElse(""))
            .thenApplyAsync(signedIn -> signedIn.map(c -> store.start(c.userId(), c.email())), blocking),
        done -> {
          if (done.isFailure()) return complete(Problems.forFailure(done.failed().get()));
          if (done.get().isEmpty()) return Problems.problem(StatusCodes.UNAUTHORIZED, BAD_CREDENTIALS);
          SessionStore.Started started = done.get().get();
          return setCookie(sessions.sessionCookie(started), () ->
              complete(StatusCodes.OK, SessionResponse.of(started.session()), Json.marshaller()));
        }));
  }

  private Route signOut(String id) {
    return onComplete(CompletableFuture.runAsync(() -> store.end(id), blocking), done ->
        done.isFailure()
            ? complete(Problems.forFailure(done.failed().get()))
            : complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                .addHeader(SetCookie.create(sessions.clearedCookie()))));
  }
}
