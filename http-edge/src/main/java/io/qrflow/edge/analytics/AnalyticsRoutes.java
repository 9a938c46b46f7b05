package io.qrflow.edge.analytics;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMultiMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.projections.analytics.AnalyticsQuery;
import io.qrflow.projections.analytics.AnalyticsReport;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.ShortCode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code GET /api/v1/qr/{code}/analytics} (one of the caller's codes; another user's is a 404)
 * and {@code GET /api/v1/analytics/summary} (all of the caller's codes), as JSON or CSV. Read
 * from the analytics rollups on the blocking dispatcher.
 */
public final class AnalyticsRoutes {

  private final AnalyticsQuery query;
  private final BearerAuth auth;
  private final Executor blocking;
  private final Clock clock;
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public AnalyticsRoutes(AnalyticsQuery query, BearerAuth auth, Executor blocking, Clock clock,
      ClusterSharding sharding, Duration askTimeout) {
    this.query = query;
    this.sharding = sharding;
    this.askTimeout = askTimeout;
    this.auth = auth;
    this.blocking = blocking;
    this.clock = clock;
  }

  public Route route() {
    return concat(
        pathPrefix("qr", () -> pathPrefix(PathMatchers.segment(), code -> path("analytics", () ->
            get(() -> auth.authenticated(user -> withParams(params -> codeReport(user, code, params))))))),
        path(PathMatchers.segment("analytics").slash("summary"), () ->
            get(() -> auth.authenticated(user -> withParams(params -> summary(user, params))))));
  }

  private Route codeReport(Principal user, String code, AnalyticsParams params) {
    if (!ShortCode.isWellFormed(code)) return notFound(code);
    CompletionStage<Boolean> owned = blockingCall(() -> query.owns(user.userId(), code))
        .thenCompose(known -> known ? CompletableFuture.completedFuture(true) : askTheCode(user, code));
    return onComplete(owned, done -> {
      if (done.isFailure()) return complete(Problems.forFailure(done.failed().get()));
      if (!done.get()) return notFound(code);
      return answer(blockingCall(() -> query.code(code, params.range())), params, code);
    });
  }

  /** The code itself knows its owner, before the read sides have heard of a new code. */
  private CompletionStage<Boolean> askTheCode(Principal user, String code) {
    CompletionStage<StatusReply<QrCode.Summary>> reply = sharding.entityRefFor(QrCode.ENTITY_KEY, code)
        .ask(replyTo -> new QrCode.GetQrCode(user.userId(), replyTo), askTimeout);
    return reply.thenApply(StatusReply::isSuccess);
  }

  private Route summary(Principal user, AnalyticsParams params) {
    return answer(blockingCall(() -> query.summary(user.userId(), params.range())), params, "summary");
  }

  private Route withParams(Function<AnalyticsParams, Route> inner) {
    return parameterMultiMap(multi -> optionalHeaderValueByName("Accept", accept -> {
      Map<String, String> single = new HashMap<>();
      for (Map.Entry<String, List<String>> p : multi.entrySet()) {
        if (p.getValue().size() > 1) {
          return Problems.invalid(List.of("parameter '" + p.getKey() + "' is given more than once"));
        }
        single.put(p.getKey(), p.getValue().get(0));
      }
      boolean wantsCsv = accept.filter(a -> a.contains("text/csv")).isPresent();
      AnalyticsParams.Parsed parsed = AnalyticsParams.parse(single, wantsCsv, clock);
      return parsed.params() == null ? Problems.invalid(parsed.problems()) : inner.apply(parsed.params());
    }));
  }

  private interface Read<T> {
    T run() throws SQLException;
  }

  private <T> CompletionStage<T> blockingCall(Read<T> read) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return read.run();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }

  private Route answer(CompletionStage<AnalyticsReport> report, AnalyticsParams params, String name) {
    return onComplete(report, done -> done.isFailure()
        ? complete(Problems.forFailure(done.failed().get()))
        : render(done.get(), params, name));
  }

  private Route render(AnalyticsReport report, AnalyticsParams params, String name) {
    if (!params.csv()) return complete(StatusCodes.OK, report, Json.marshaller());
    String filename = "qrflow-" + name + "-" + report.from().substring(0, 10) + "-"
        + report.to().substring(0, 10) + ".csv";
    return complete(HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.TEXT_CSV_UTF8, AnalyticsCsv.of(report)))
        .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
            Map.of("filename", filename))));
  }

  private static Route notFound(String code) {
    return Problems.problem(StatusCodes.NOT_FOUND, "no QR code '" + code + "'");
  }
}
