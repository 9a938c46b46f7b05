package io.qrflow.edge.redirect;

import io.qrflow.edge.http.Problems;
import io.qrflow.projections.metrics.NodeMetrics;
import io.qrflow.qr.ShortCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;

/**
 * {@code GET /r/{code}}: the scan, served in front of the routing tree because it is the hot
 * path. It never waits on the database: the route comes from the local cache; active codes
 * redirect (302) and count the scan, paused and unknown codes get a small 404 page, archived ones
 * 410. Every other request goes on to {@code next}.
 */
public final class ScanHandler implements Function<HttpRequest, CompletionStage<HttpResponse>> {

  /** The scan path: {@code GET /r/{code}}. */
  public static final String PATH_PREFIX = "/r/";
  private static final long serialVersionUID = 1L;

  private final transient RouteCache routes;
  private final transient ScanRecorder scans;
  private final transient Function<HttpRequest, CompletionStage<HttpResponse>> next;
  private final transient NodeMetrics metrics;

  public ScanHandler(RouteCache routes, ScanRecorder scans,
      Function<HttpRequest, CompletionStage<HttpResponse>> next, NodeMetrics metrics) {
    this.routes = routes;
    this.scans = scans;
    this.next = next;
    this.metrics = metrics;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    String path = request.getUri().path();
    if (!path.startsWith(PATH_PREFIX) || request.method() != HttpMethods.GET) return next.apply(request);
    long started = System.nanoTime();
    String code = path.substring(PATH_PREFIX.length());
    if (!ShortCode.isWellFormed(code)) {
      return CompletableFuture.completedFuture(ResolvedRoute.notFoundPage());
    }
    ResolvedRoute ready = routes.getIfReady(code);
    if (ready != null) return CompletableFuture.completedFuture(answer(code, ready, request, started));
    return routes.get(code).handle((resolved, failure) -> {
      if (failure == null) return answer(code, resolved, request, started);
      metrics.redirectAnswered(started);
      return Problems.forFailure(failure);
    });
  }

  private HttpResponse answer(String code, ResolvedRoute resolved, HttpRequest request, long started) {
    if (resolved.isActive()) {
      scans.record(code, request);
      metrics.scanRedirected(started);
    } else {
      metrics.redirectAnswered(started);
    }
    return resolved.response();
  }
}
