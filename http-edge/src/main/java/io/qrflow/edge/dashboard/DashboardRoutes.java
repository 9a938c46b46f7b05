package io.qrflow.edge.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard's files: the page at {@code /}, its scripts and styles under {@code /assets/},
 * and the chart library under {@code /vendor/uplot/}, served from the uPlot WebJar on the class
 * path (pinned by Maven, no CDN: the dashboard works offline). A strict content security policy:
 * only this origin's scripts, no inline code.
 */
public final class DashboardRoutes {

  private static final String PAGES = "dashboard/";
  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final String WEBJARS = "META-INF/resources/webjars/";
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", "default-src 'self'; script-src 'self';"
          + " style-src 'self'; img-src 'self' data: blob: https:; connect-src 'self';"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "same-origin"),
      // Revalidate every time (ETag/Last-Modified): a new release is seen at once.
      CacheControl.create(CacheDirectives.NO_CACHE));

  private final String uplotDist = WEBJARS + "uplot/" + webjarVersion(UPLOT_POM) + "/dist";

  public Route route() {
    // Paths first, then the method: other paths must not collect a GET-only rejection here.
    return concat(
        pathSingleSlash(() -> served(getFromResource(PAGES + "index.html"))),
        pathPrefix("assets", () -> served(getFromResourceDirectory(PAGES + "assets"))),
        pathPrefix("vendor", () -> pathPrefix("uplot", () -> served(getFromResourceDirectory(uplotDist)))));
  }

  private static Route served(Route files) {
    return get(() -> respondWithHeaders(HEADERS, () -> files));
  }

  private static String webjarVersion(String pomProperties) {
    try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(pomProperties)) {
      if (in == null) throw new IllegalStateException(pomProperties + " is not on the class path");
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + pomProperties, e);
    }
  }
}
