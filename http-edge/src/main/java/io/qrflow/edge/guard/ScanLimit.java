package io.qrflow.edge.guard;

import io.qrflow.edge.redirect.ScanRecorder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;

/**
 * Scans per client IP, in front of the scan handler. Fails open: when Redis is down, slow or its
 * circuit is open, the scan is served (and counted) as if there were no limit, without waiting
 * longer than the breaker's call timeout (not at all while the circuit is open).
 */
public final class ScanLimit implements Function<HttpRequest, CompletionStage<HttpResponse>> {

  private static final long serialVersionUID = 1L;
  private static final String SCAN_PREFIX = "/r/";
  private static final String RULE = "scan";

  private final transient RateLimiter limiter;
  private final transient LimitSettings.Rule rule;
  private final transient ScanRecorder clients;
  private final transient ClientKeys keys;
  private final transient Function<HttpRequest, CompletionStage<HttpResponse>> next;

  public ScanLimit(RateLimiter limiter, LimitSettings.Rule rule, ScanRecorder clients, ClientKeys keys,
      Function<HttpRequest, CompletionStage<HttpResponse>> next) {
    this.limiter = limiter;
    this.rule = rule;
    this.clients = clients;
    this.keys = keys;
    this.next = next;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    if (!rule.enabled() || request.method() != HttpMethods.GET
        || !request.getUri().path().startsWith(SCAN_PREFIX)) {
      return next.apply(request);
    }
    return limiter.take(RULE, keys.ip(clients.clientIp(request)), rule)
        .handle((decision, redisDown) -> redisDown == null ? decision : Decision.ALLOW)
        .thenCompose(decision -> {
          if (!decision.allowed()) {
            return CompletableFuture.completedFuture(
                decision.tooManyRequests("too many scans from your network"));
          }
          try {
            return next.apply(request);
          } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
          }
        });
  }
}
