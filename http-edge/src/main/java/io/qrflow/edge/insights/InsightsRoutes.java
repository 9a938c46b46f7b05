package io.qrflow.edge.insights;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.http.Blocking;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.projections.insights.InsightsFeed;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /api/v1/insights?zone=Europe/Berlin}: the caller's insights feed (hours in that zone, UTC by default). */
public final class InsightsRoutes {

  private final InsightsFeed feed;
  private final BearerAuth auth;
  private final Blocking blocking;

  public InsightsRoutes(InsightsFeed feed, BearerAuth auth, Blocking blocking) {
    this.feed = feed;
    this.auth = auth;
    this.blocking = blocking;
  }

  public Route route() {
    return path("insights", () -> get(() -> auth.authenticated(user ->
        parameterOptional("zone", zoneText -> {
          ZoneId zone;
          try {
            zone = zoneText.map(ZoneId::of).orElse(ZoneOffset.UTC);
          } catch (DateTimeException e) {
            return Problems.invalid(List.of("'zone' must be a time zone, e.g. Europe/Berlin"));
          }
          return blocking.run(() -> feed.read(user.userId(), zone),
              body -> complete(StatusCodes.OK, body, Json.marshaller()));
        }))));
  }
}
