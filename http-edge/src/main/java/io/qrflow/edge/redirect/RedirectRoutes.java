package io.qrflow.edge.redirect;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.http.Problems;
import io.qrflow.qr.ShortCode;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /r/{code}}: the scan. Answered from the local route cache without touching the
 * database; active codes redirect (302) and count the scan, paused and unknown codes get a
 * small 404 page, archived ones 410.
 */
public final class RedirectRoutes {

  private final RouteCache routes;
  private final ScanRecorder scans;

  public RedirectRoutes(RouteCache routes, ScanRecorder scans) {
    this.routes = routes;
    this.scans = scans;
  }

  public Route route() {
    return pathPrefix("r", () ->
        path(PathMatchers.segment(), code ->
            get(() -> extractRequest(request -> scan(code, request)))));
  }

  private Route scan(String code, HttpRequest request) {
    if (!ShortCode.isWellFormed(code)) return complete(ResolvedRoute.notFoundPage());
    ResolvedRoute ready = routes.getIfReady(code);
    if (ready != null) return complete(answer(code, ready, request));
    return onComplete(routes.get(code), result -> result.isSuccess()
        ? complete(answer(code, result.get(), request))
        : complete(Problems.forFailure(result.failed().get())));
  }

  private HttpResponse answer(String code, ResolvedRoute resolved, HttpRequest request) {
    if (resolved.isActive()) scans.record(code, request);
    return resolved.response();
  }
}
