package io.qrflow.edge.guard;

import io.qrflow.edge.http.Problems;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;

/** What a limit says about one request: go ahead, or wait this long. */
public record Decision(boolean allowed, Duration retryAfter) {

  static final Decision ALLOW = new Decision(true, Duration.ZERO);

  static Decision denied(long retryAfterMillis) {
    return new Decision(false, Duration.ofMillis(Math.max(1, retryAfterMillis)));
  }

  /** Whole seconds for {@code Retry-After}, rounded up, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  /** 429 problem+json with {@code Retry-After}. */
  public HttpResponse tooManyRequests(String detail) {
    return Problems.response(StatusCodes.TOO_MANY_REQUESTS,
        detail + "; retry after " + retryAfterSeconds() + " s", RetryAfter.create(retryAfterSeconds()));
  }

  /** 503 problem+json with {@code Retry-After}: a limit that fails closed could not be checked. */
  static HttpResponse unavailable(String detail, Duration retryAfter) {
    long seconds = Math.max(1, retryAfter.toSeconds());
    return Problems.response(StatusCodes.SERVICE_UNAVAILABLE, detail, RetryAfter.create(seconds));
  }
}
