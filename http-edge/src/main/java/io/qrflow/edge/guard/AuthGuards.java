package io.qrflow.edge.guard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.extractUnmatchedPath;
import static org.apache.pekko.http.javadsl.server.Directives.mapRouteResultFuture;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.toStrictEntity;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.dto.LoginRequest;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.redirect.ScanRecorder;
import io.qrflow.user.EmailAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Complete;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;

/**
 * Redis guards around the auth routes, which stay unaware of them: sign-in attempts per account
 * and client (lockout with doubling backoff) and registrations per client, both failing closed
 * (503 while Redis cannot be asked); logout also revokes the access token it was called with.
 */
public final class AuthGuards {

  private static final String LOGIN = "/auth/login";
  private static final String REGISTER = "/auth/register";
  private static final String LOGOUT = "/auth/logout";
  private static final String RULE_REGISTRATIONS = "register";
  private static final Duration STRICT_ENTITY_TIMEOUT = Duration.ofSeconds(5);

  private final RateLimiter limiter;
  private final LoginThrottle logins;
  private final TokenRevocations revocations;
  private final LimitSettings limits;
  private final ScanRecorder clients;
  private final ClientKeys keys;
  private final BearerAuth auth;
  private final Duration retryAfter;

  public AuthGuards(RateLimiter limiter, LoginThrottle logins, TokenRevocations revocations,
      LimitSettings limits, ScanRecorder clients, ClientKeys keys, BearerAuth auth, Duration retryAfter) {
    this.limiter = limiter;
    this.logins = logins;
    this.revocations = revocations;
    this.limits = limits;
    this.clients = clients;
    this.keys = keys;
    this.auth = auth;
    this.retryAfter = retryAfter;
  }

  /** {@code authRoutes} (mounted at the same place) with the guards in front. */
  public Route around(Supplier<Route> authRoutes) {
    return extractRequest(request -> extractUnmatchedPath(path -> {
      if (request.method() != HttpMethods.POST) return authRoutes.get();
      String ip = clients.clientIp(request);
      return switch (path) {
        case LOGIN -> toStrictEntity(STRICT_ENTITY_TIMEOUT, () ->
            entity(Json.unmarshaller(LoginRequest.class), login -> guardLogin(login, ip, authRoutes)));
        case REGISTER -> gate(limiter.take(RULE_REGISTRATIONS, keys.ip(ip), limits.registrations()),
            "too many registrations from your network", "registration", authRoutes);
        case LOGOUT -> auth.authenticated(user -> mapRouteResultFuture(
            result -> revokeOnSuccess(result, user.jti(), user.expiresAt()), authRoutes));
        default -> authRoutes.get();
      };
    }));
  }

  private Route guardLogin(LoginRequest login, String ip, Supplier<Route> authRoutes) {
    Optional<String> email = EmailAddress.normalize(login.email());
    if (email.isEmpty()) return authRoutes.get(); // the auth route explains what is wrong
    String pair = keys.accountAndIp(email.get(), ip);
    return gate(logins.check(pair), "too many failed sign-ins for this account from your network",
        "sign-in", () -> mapRouteResultFuture(result -> result.thenCompose(done ->
            record(pair, done)), authRoutes));
  }

  /** Counts the outcome before answering, so the next attempt already sees it. */
  private CompletionStage<RouteResult> record(String pair, RouteResult done) {
    if (!(done instanceof Complete complete)) return CompletableFuture.completedFuture(done);
    int status = complete.getResponse().status().intValue();
    CompletionStage<?> recorded = status == StatusCodes.OK.intValue() ? logins.succeeded(pair)
        : status == StatusCodes.UNAUTHORIZED.intValue() ? logins.failed(pair)
        : CompletableFuture.completedFuture(null);
    return recorded.handle((ignored, redisDown) -> done);
  }

  private Route gate(CompletionStage<Decision> check, String limitedDetail, String what,
      Supplier<Route> inner) {
    return onComplete(check, decision -> {
      if (decision.isFailure()) {
        return complete(Decision.unavailable(what + " is briefly unavailable: its abuse limits "
            + "cannot be checked right now; try again shortly", retryAfter));
      }
      return decision.get().allowed() ? inner.get()
          : complete(decision.get().tooManyRequests(limitedDetail));
    });
  }

  private CompletionStage<RouteResult> revokeOnSuccess(CompletionStage<RouteResult> result,
      String jti, java.time.Instant expiresAt) {
    return result.thenCompose(done -> {
      if (!(done instanceof Complete complete) || !complete.getResponse().status().isSuccess()) {
        return CompletableFuture.completedFuture(done);
      }
      return revocations.revoke(jti, expiresAt).handle((ok, redisDown) -> redisDown == null ? done
          : org.apache.pekko.http.javadsl.server.RouteResults.complete(notRevoked()));
    });
  }

  private HttpResponse notRevoked() {
    return Decision.unavailable("signed out of this session's refresh tokens, but the access token "
        + "could not be revoked right now; call logout again shortly", retryAfter);
  }
}
