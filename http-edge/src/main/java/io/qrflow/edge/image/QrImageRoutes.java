package io.qrflow.edge.image;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.typesafe.config.Config;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.redis.Redis;
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
import java.util.Optional;
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
 * cacheable. Options: size, margin, ecc, fg, bg (see {@link QrImageOptions}); absent ecc, fg and bg
 * take the code's stored style. Rendered images are cached in Redis by code, version (target and
 * style) and options; without Redis they are rendered anew.
 */
public final class QrImageRoutes {

  private static final ContentType SVG =
      MediaTypes.IMAGE_SVG_XML.toContentType();

  /** Image cache settings from {@code qrflow.images}. */
  public record Settings(Duration maxAge, Duration redisTtl) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("qrflow.images");
      return new Settings(c.getDuration("cache-max-age"), c.getDuration("redis-ttl"));
    }
  }

  private static final int ETAG_BYTES = 12;

  private enum Format { PNG, SVG }

  private final RouteCache routes;
  private final Executor renderers;
  private final String publicBaseUrl;
  private final CacheControl cacheControl;
  private final RedisImageCache rendered;

  public QrImageRoutes(RouteCache routes, Executor renderers, String publicBaseUrl, Settings settings,
      Redis redis) {
    this.routes = routes;
    this.renderers = renderers;
    this.publicBaseUrl = publicBaseUrl;
    this.cacheControl = CacheControl.create(
        CacheDirectives.PUBLIC, CacheDirectives.MAX_AGE(settings.maxAge().toSeconds()));
    this.rendered = new RedisImageCache(redis, settings.redisTtl());
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
    return onComplete(routes.getWithStyle(code), route -> {
      if (route.isFailure()) return complete(Problems.forFailure(route.failed().get()));
      QrCode.RouteStatus status = route.get().route().status();
      if (status == QrCode.RouteStatus.NOT_FOUND) {
        return Problems.problem(StatusCodes.NOT_FOUND, "no QR code '" + code + "'");
      }
      QrImageOptions.Result parsed = QrImageOptions.parse(query, route.get().route().style());
      if (parsed instanceof QrImageOptions.Result.Invalid invalid) {
        return Problems.invalid(List.of(invalid.message()));
      }
      QrImageOptions options = ((QrImageOptions.Result.Valid) parsed).options();
      return onComplete(render(code, targetVersion(route.get().route()), format, options), image -> image.isSuccess()
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

  /** Images are keyed by the target and style too, so changing either invalidates them. */
  private static String targetVersion(QrCode.Route route) {
    return fingerprint(route.target() + "|" + route.style());
  }

  private CompletionStage<HttpResponse> render(String code, String version, Format format,
      QrImageOptions options) {
    String variant = format + "?" + options.cacheKey();
    String etag = fingerprint(code + "." + version + "." + variant);
    return rendered.get(code, version, variant)
        .handle((cached, redisDown) -> redisDown == null ? cached : Optional.<byte[]>empty())
        .thenCompose(cached -> cached.isPresent()
            ? CompletableFuture.completedFuture(response(format, cached.get(), etag))
            : CompletableFuture.supplyAsync(() -> {
              String text = publicBaseUrl + "/r/" + code;
              byte[] image = format == Format.PNG ? QrImageRenderer.png(text, options)
                  : QrImageRenderer.svg(text, options).getBytes(StandardCharsets.UTF_8);
              rendered.put(code, version, variant, image); // best effort: without Redis, render again
              return response(format, image, etag);
            }, renderers));
  }

  private HttpResponse response(Format format, byte[] image, String etag) {
    return HttpResponse.create()
        .withEntity(format == Format.PNG
            ? HttpEntities.create(ContentTypes.create(MediaTypes.IMAGE_PNG), image)
            : HttpEntities.create(SVG, image))
        .addHeader(cacheControl)
        .addHeader(ETag.create(EntityTag.create(etag, false)));
  }
}
