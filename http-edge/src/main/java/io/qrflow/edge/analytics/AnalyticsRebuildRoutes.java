package io.qrflow.edge.analytics;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.qrflow.edge.admin.AdminSettings;
import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.projections.analytics.AnalyticsService;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /api/v1/admin/analytics/rebuild}, for administrators only (others 403): empties the
 * analytics tables and replays every input topic from the beginning on this node's analytics
 * consumer (409 on a node without one). Answers 202 once replay has started; the consumer's lag
 * in {@code GET /api/v1/admin/pipeline} shows when it has caught up.
 */
public final class AnalyticsRebuildRoutes {

  /** The 202 body. */
  public record Started(String status, String progress) {}

  private final AdminSettings admins;
  private final BearerAuth auth;
  private final Executor blocking;
  private final Supplier<Optional<AnalyticsService>> service;

  public AnalyticsRebuildRoutes(AdminSettings admins, BearerAuth auth, Executor blocking,
      Supplier<Optional<AnalyticsService>> service) {
    this.admins = admins;
    this.auth = auth;
    this.blocking = blocking;
    this.service = service;
  }

  public Route route() {
    return pathPrefix("admin", () -> path(PathMatchers.segment("analytics").slash("rebuild"), () -> post(() -> auth.authenticated(user -> {
          if (!admins.isAdmin(user.email())) {
            return Problems.problem(StatusCodes.FORBIDDEN, "only administrators rebuild analytics");
          }
          return service.get().map(this::rebuild).orElseGet(() -> Problems.problem(
              StatusCodes.CONFLICT, "this node runs no analytics consumer (role projection)"));
        }))));
  }

  private Route rebuild(AnalyticsService analytics) {
    var done = CompletableFuture.runAsync(() -> {
      try {
        analytics.rebuild();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
    return onComplete(done, result -> result.isFailure()
        ? complete(Problems.forFailure(result.failed().get()))
        : complete(StatusCodes.ACCEPTED, new Started("rebuilding",
            "/api/v1/admin/pipeline (consumer group analytics, lag 0 = done)"), Json.marshaller()));
  }
}
