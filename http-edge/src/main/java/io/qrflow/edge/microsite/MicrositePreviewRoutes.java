package io.qrflow.edge.microsite;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.microsite.dto.UpdateMicrositeRequest;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Theme;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * The owner's preview of unsaved content, rendered by the same {@link PageRenderer} as {@code
 * /m/{slug}}: {@code POST /api/v1/microsites/{slug}/preview} with the body of a PATCH (absent
 * fields from the saved site) answers the page's HTML, validated like a save and changing
 * nothing; {@code GET .../preview/style.css?primaryColor=..} is its stylesheet for a theme.
 */
final class MicrositePreviewRoutes {

  private static final List<String> THEME_PARAMS =
      List.of("primaryColor", "backgroundColor", "textColor", "font", "layout");

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  MicrositePreviewRoutes(ClusterSharding sharding, Duration askTimeout) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  Route route(String slug, Principal user) {
    return pathPrefix("preview", () -> concat(
        pathEnd(() -> post(() -> entity(Json.unmarshaller(UpdateMicrositeRequest.class),
            req -> preview(slug, user, req)))),
        path("style.css", () -> get(() -> parameterMap(this::stylesheet)))));
  }

  private Route preview(String slug, Principal user, UpdateMicrositeRequest req) {
    var saved = sharding.entityRefFor(Microsite.ENTITY_KEY, slug).ask(
        (ActorRef<StatusReply<Microsite.Details>> r) -> new Microsite.GetMicrosite(user.userId(), r),
        askTimeout);
    return Problems.onReply(saved, site -> {
      List<String> problems = Microsite.pageProblems(req.title(), req.tagline(), req.theme(), req.blocks());
      if (req.title() != null && req.title().isBlank()) problems.add("title must not be blank");
      if (!problems.isEmpty()) return Problems.invalid(problems);
      Theme theme = req.theme() != null ? req.theme() : site.theme();
      var page = new Microsite.Page(true, slug, site.ownerId(),
          req.title() != null ? req.title() : site.title(),
          req.tagline() != null ? req.tagline() : site.tagline(), theme,
          req.blocks() != null ? req.blocks() : site.blocks(), site.version());
      String html = PageRenderer.preview(page, "/api/v1/microsites/" + slug + "/preview/style.css?" + query(theme));
      return complete(HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html))
          .addHeader(RawHeader.create("Content-Security-Policy", MicrositePageHandler.CSP))
          .addHeader(RawHeader.create("Cache-Control", "no-store")));
    });
  }

  private Route stylesheet(Map<String, String> q) {
    var theme = new Theme(q.get("primaryColor"), q.get("backgroundColor"), q.get("textColor"),
        q.get("font"), q.get("layout"));
    List<String> problems = theme.problems();
    if (!problems.isEmpty()) return Problems.invalid(problems);
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_CSS, HttpCharsets.UTF_8),
            PageRenderer.css(theme)))
        .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff")));
  }

  private static String query(Theme theme) {
    List<String> values = List.of(theme.primaryColor(), theme.backgroundColor(), theme.textColor(),
        theme.font(), theme.layout());
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < THEME_PARAMS.size(); i++) {
      if (i > 0) q.append('&');
      q.append(THEME_PARAMS.get(i)).append('=').append(URLEncoder.encode(values.get(i), StandardCharsets.UTF_8));
    }
    return q.toString();
  }
}
