package io.qrflow.edge.guard;

import io.qrflow.edge.redirect.ScanHandler;
import io.qrflow.edge.redirect.ScanRecorder;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;

/**
 * Scans per client IP, in front of the scan handler, without a Redis round trip per scan: the
 * scan path only counts locally and checks whether the client is currently refused; every
 * {@code flush-interval} {@link #flush()} takes each client's count from its shared bucket in
 * Redis at once, and a bucket that could not cover it refuses that client on this node until a
 * token is back. So a client gets at most one flush interval of scans per node beyond its limit.
 * Fails open: when Redis is down, slow or its circuit is open, scans go on being served and
 * counted as if there were no limit.
 */
public final class ScanLimit implements Function<HttpRequest, CompletionStage<HttpResponse>> {

  private static final long serialVersionUID = 1L;
  private static final String RULE = "scan";

  /** One client's scans since the last flush, and until when this node refuses it. */
  private static final class Client {
    final AtomicInteger pending = new AtomicInteger();
    volatile long refusedUntilMillis;
    volatile long lastScanMillis;
  }

  /** By client address; never stored, logged or sent anywhere as such. */
  private final transient Map<String, Client> clients = new ConcurrentHashMap<>();
  private final transient RateLimiter limiter;
  private final transient LimitSettings.Rule rule;
  private final transient ScanRecorder recorder;
  private final transient ClientKeys keys;
  private final transient Clock clock;
  private final transient Function<HttpRequest, CompletionStage<HttpResponse>> next;

  public ScanLimit(RateLimiter limiter, LimitSettings.Rule rule, ScanRecorder recorder,
      ClientKeys keys, Clock clock, Function<HttpRequest, CompletionStage<HttpResponse>> next) {
    this.limiter = limiter;
    this.rule = rule;
    this.recorder = recorder;
    this.keys = keys;
    this.clock = clock;
    this.next = next;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    if (!rule.enabled() || request.method() != HttpMethods.GET
        || !request.getUri().path().startsWith(ScanHandler.PATH_PREFIX)) {
      return next.apply(request);
    }
    // Keyed by the address itself, in memory only: the keyed hash Redis sees is computed once per
    // client and flush instead of once per scan.
    Client client = clients.computeIfAbsent(recorder.clientIp(request), ip -> new Client());
    long now = clock.millis();
    if (now < client.refusedUntilMillis) {
      return CompletableFuture.completedFuture(Decision.denied(client.refusedUntilMillis - now)
          .tooManyRequests("too many scans from your network"));
    }
    client.lastScanMillis = now;
    client.pending.incrementAndGet();
    return next.apply(request);
  }

  /** Takes the scans counted since the last flush from the shared buckets; forgets idle clients. */
  public void flush() {
    long now = clock.millis();
    clients.forEach((ip, client) -> {
      int scans = client.pending.getAndSet(0);
      if (scans > 0) {
        limiter.take(RULE, keys.ip(ip), rule, scans).thenAccept(decision -> {
          if (!decision.allowed()) {
            client.refusedUntilMillis = clock.millis() + decision.retryAfter().toMillis();
          }
        }); // a failure (Redis down) leaves the client allowed: scans fail open
      } else if (now - client.lastScanMillis > rule.window().toMillis()
          && now >= client.refusedUntilMillis) {
        clients.remove(ip, client);
      }
    });
  }
}
