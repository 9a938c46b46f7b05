package io.qrflow.edge.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.image.QrImageOptions;
import io.qrflow.edge.image.QrImageRenderer;
import io.qrflow.qr.ShortCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/preview/qr.svg?code=...}: the QR image a code would get, before it exists
 * (the create form's live preview). Signed-in callers only; the text is always this node's short
 * URL of a well-formed code, and the image options are bounded like the public images'.
 */
public final class PreviewRoutes {

  private static final String CODE_PARAM = "code";

  private final BearerAuth auth;
  private final Executor renderers;
  private final String publicBaseUrl;

  public PreviewRoutes(BearerAuth auth, Executor renderers, String publicBaseUrl) {
    this.auth = auth;
    this.renderers = renderers;
    this.publicBaseUrl = publicBaseUrl;
  }

  public Route route() {
    return pathPrefix("preview", () -> path("qr.svg", () -> get(() -> auth.authenticated(user ->
        parameterMap(this::preview)))));
  }

  private Route preview(Map<String, String> query) {
    String code = query.get(CODE_PARAM);
    if (code == null || !ShortCode.isWellFormed(code)) {
      return Problems.invalid(List.of(CODE_PARAM + " must match [A-Za-z0-9_-]{3,64}"));
    }
    QrImageOptions.Result parsed = QrImageOptions.parse(query);
    if (parsed instanceof QrImageOptions.Result.Invalid invalid) {
      return Problems.invalid(List.of(invalid.message()));
    }
    QrImageOptions options = ((QrImageOptions.Result.Valid) parsed).options();
    var svg = CompletableFuture.supplyAsync(
        () -> QrImageRenderer.svg(publicBaseUrl + "/r/" + code, options), renderers);
    return onComplete(svg, done -> done.isFailure()
        ? complete(Problems.forFailure(done.failed().get()))
        : complete(HttpResponse.create()
            .withEntity(HttpEntities.create(MediaTypes.IMAGE_SVG_XML.toContentType(),
                done.get().getBytes(StandardCharsets.UTF_8)))
            .addHeader(CacheControl.create(CacheDirectives.NO_STORE))));
  }
}
