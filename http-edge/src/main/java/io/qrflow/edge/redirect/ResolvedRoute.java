package io.qrflow.edge.redirect;

import io.qrflow.qr.QrCode;
import io.qrflow.qr.TargetUrl;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * A route together with the response it gets, built once per change rather than per scan.
 * Provisional routes were read from the route table at start and live only briefly.
 * Redirects are not cacheable by browsers: the target may change after printing.
 */
public record ResolvedRoute(QrCode.Route route, HttpResponse response, boolean provisional) {

  private static final CacheControl NO_STORE = CacheControl.create(CacheDirectives.NO_STORE);
  private static final HttpResponse NOT_FOUND =
      page(StatusCodes.NOT_FOUND, "QR code not found", "This QR code does not exist.");
  private static final HttpResponse PAUSED =
      page(StatusCodes.NOT_FOUND, "QR code paused", "This QR code is paused by its owner.");
  private static final HttpResponse ARCHIVED =
      page(StatusCodes.GONE, "QR code retired", "This QR code is no longer in use.");

  public static ResolvedRoute of(String code, QrCode.Route route) {
    HttpResponse response = switch (route.status()) {
      case ACTIVE -> HttpResponse.create()
          .withStatus(StatusCodes.FOUND)
          .addHeader(RawHeader.create("Location", TargetUrl.toAscii(route.target())))
          .addHeader(NO_STORE);
      case PAUSED -> PAUSED;
      case ARCHIVED -> ARCHIVED;
      case NOT_FOUND -> NOT_FOUND;
    };
    return new ResolvedRoute(route, response, false);
  }

  /** The same answer, marked as coming from the route table (which may lag the entity). */
  ResolvedRoute asProvisional() {
    return new ResolvedRoute(route, response, true);
  }

  public boolean isActive() {
    return route.status() == QrCode.RouteStatus.ACTIVE;
  }

  /** The answer for a code that cannot exist (malformed): no cache entry, no entity. */
  public static HttpResponse notFoundPage() {
    return NOT_FOUND;
  }

  private static HttpResponse page(
      org.apache.pekko.http.javadsl.model.StatusCode status, String title, String message) {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<title>" + title + "</title><style>body{font-family:system-ui,sans-serif;"
        + "max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style></head>"
        + "<body><h1>" + title + "</h1><p>" + message + "</p></body></html>";
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html.getBytes(StandardCharsets.UTF_8)))
        .addHeader(NO_STORE);
  }
}
