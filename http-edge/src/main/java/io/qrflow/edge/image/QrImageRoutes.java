package io.qrflow.edge.image;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.redirect.RouteCache;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.ShortCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /q/{code}.png} and {@code .svg}: the QR image of a code's short URL, public and
 * cacheable. Options: size, margin, ecc, fg, bg (see {@link QrImageOptions}).
 */
public final class QrImageRoutes {

  private static final ContentType SVG =
      MediaTypes.IMAGE_SVG_XML.toContentType();

  /** Image cache settings from {@code qrflow.images}. */
  public record Settings(Duration maxAge, long memoryCacheBytes) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("qrflow.images");
      return new Settings(c.getDuration("cache-max-age"), c.getBytes("memory-cache-bytes"));
    }
  }

  private static final int ETAG_BYTES = 12;

  private enum Format { PNG, SVG }

  private final RouteCache routes;
  private final Executor renderers;
  private final String publicBaseUrl;
  private final CacheControl cacheControl;
  private final Cache<String, HttpResponse> rendered;

  public QrImageRoutes(RouteCache routes, Executor renderers, String publicBaseUrl, Settings settings) {
    this.routes = routes;
    this.renderers = renderers;
    this.publicBaseUrl = publicBaseUrl;
    this.cacheControl = CacheControl.create(
        CacheDirectives.PUBLIC, CacheDirectives.MAX_AGE(settings.maxAge().toSeconds()));
    this.rendered = Caffeine.newBuilder()
        .maximumWeight(settings.memoryCacheBytes())
        .<String, HttpResponse>weigher((key, response) ->
            (int) Math.min(Integer.MAX_VALUE, response.entity().getContentLengthOption().orElse(0L)))
        .build();
  }

  public Route route() {
    return pathPrefix("q", () -> path(PathMatchers.segment(), file -> get(() ->
        parameterMap(query -> image(file, query)))));
  }

  private Route image(String file, Map<String, String> query) {
    int dot = file.lastIndexOf('.');
    String code = dot < 0 ? file : file.substring(0, dot);
    Format format = dot < 0 ? null : switch (file.substring(dot + 1)) {
      case "png" -> Format.PNG;
      case "svg" -> Format.SVG;
      default -> null;
    };
    if (format == null || !ShortCode.isWellFormed(code)) {
      return Problems.problem(StatusCodes.NOT_FOUND, "images are /q/{code}.png or /q/{code}.svg");
    }
    QrImageOptions.Result parsed = QrImageOptions.parse(query);
    if (parsed instanceof QrImageOptions.Result.Invalid invalid) {
      return Problems.invalid(List.of(invalid.message()));
    }
    QrImageOptions options = ((QrImageOptions.Result.Valid) parsed).options();
    return onComplete(routes.get(code), route -> {
      if (route.isFailure()) return complete(Problems.forFailure(route.failed().get()));
      QrCode.RouteStatus status = route.get().route().status();
      if (status == QrCode.RouteStatus.NOT_FOUND) {
        return Problems.problem(StatusCodes.NOT_FOUND, "no QR code '" + code + "'");
      }
      return onComplete(render(code, format, options), image -> image.isSuccess()
          ? complete(image.get())
          : complete(Problems.forFailure(image.failed().get())));
    });
  }

  private static String fingerprint(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, ETAG_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private CompletionStage<HttpResponse> render(String code, Format format, QrImageOptions options) {
    String key = code + "." + format + "?" + options.cacheKey();
    HttpResponse cached = rendered.getIfPresent(key);
    if (cached != null) return CompletableFuture.completedFuture(cached);
    return CompletableFuture.supplyAsync(() -> {
      String text = publicBaseUrl + "/r/" + code;
      HttpResponse response = HttpResponse.create()
          .withEntity(format == Format.PNG
              ? HttpEntities.create(ContentTypes.create(MediaTypes.IMAGE_PNG), QrImageRenderer.png(text, options))
              : HttpEntities.create(SVG, QrImageRenderer.svg(text, options).getBytes(StandardCharsets.UTF_8)))
          .addHeader(cacheControl)
          .addHeader(ETag.create(EntityTag.create(fingerprint(key), false)));
      rendered.put(key, response);
      return response;
    }, renderers);
  }
}
