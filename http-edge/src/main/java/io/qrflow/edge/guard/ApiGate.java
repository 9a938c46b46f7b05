package io.qrflow.edge.guard;

import io.qrflow.edge.auth.AccessGate;
import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.Problems;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * What the bearer authentication asks Redis for every verified token: is its {@code jti}
 * revoked (fails closed: a signed-out token must never work, so without Redis the API answers
 * 503), and has its user API calls left (fails open).
 */
public final class ApiGate implements AccessGate {

  private static final String RULE = "api";

  private final TokenRevocations revocations;
  private final RateLimiter limiter;
  private final LimitSettings.Rule rule;
  private final Duration retryAfter;

  public ApiGate(TokenRevocations revocations, RateLimiter limiter, LimitSettings.Rule rule,
      Duration retryAfter) {
    this.revocations = revocations;
    this.limiter = limiter;
    this.rule = rule;
    this.retryAfter = retryAfter;
  }

  @Override
  public CompletionStage<Optional<HttpResponse>> check(Principal principal) {
    CompletionStage<Decision> limit = limiter.take(RULE, principal.userId(), rule)
        .handle((decision, redisDown) -> redisDown == null ? decision : Decision.ALLOW);
    return revocations.isRevoked(principal.jti())
        .handle((revoked, redisDown) -> redisDown != null ? Optional.of(Decision.unavailable(
                "cannot check whether this access token was revoked right now; try again shortly",
                retryAfter))
            : revoked ? Optional.of(revokedResponse()) : Optional.<HttpResponse>empty())
        .thenCombine(limit, (refusal, decision) -> refusal.isPresent() || decision.allowed()
            ? refusal
            : Optional.of(decision.tooManyRequests("too many API calls")));
  }

  private static HttpResponse revokedResponse() {
    return Problems.response(StatusCodes.UNAUTHORIZED, "token revoked (signed out)",
        RawHeader.create("WWW-Authenticate", "Bearer error=\"invalid_token\""));
  }
}
