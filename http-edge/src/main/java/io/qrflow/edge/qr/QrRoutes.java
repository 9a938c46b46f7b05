package io.qrflow.edge.qr;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.patch;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import io.qrflow.common.Rejection;
import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.BlockingQuery;
import io.qrflow.edge.http.EdgeSettings;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Paging;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.qr.dto.CreateQrRequest;
import io.qrflow.edge.qr.dto.HistoryResponse;
import io.qrflow.edge.qr.dto.QrPageResponse;
import io.qrflow.edge.qr.dto.QrResponse;
import io.qrflow.edge.qr.dto.StatsResponse;
import io.qrflow.edge.qr.dto.UpdateQrRequest;
import io.qrflow.projections.qrlisting.QrListing;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.ShortCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code /api/v1/qr}: create, list, read, change, archive the caller's QR codes, their target
 * history and scan stats. Every code is owner-scoped: another user's code is a 404.
 */
public final class QrRoutes {

  private final ClusterSharding sharding;
  private final QrListing listing;
  private final Executor blocking;
  private final BearerAuth auth;
  private final EdgeSettings settings;

  public QrRoutes(ClusterSharding sharding, QrListing listing, Executor blocking, BearerAuth auth,
      EdgeSettings settings) {
    this.sharding = sharding;
    this.listing = listing;
    this.blocking = blocking;
    this.auth = auth;
    this.settings = settings;
  }

  public Route route() {
    return pathPrefix("qr", () -> auth.authenticated(user -> concat(
        pathEnd(() -> concat(
            post(() -> entity(Json.unmarshaller(CreateQrRequest.class), req -> create(user, req))),
            get(() -> list(user)))),
        pathPrefix(PathMatchers.segment(), code -> !ShortCode.isWellFormed(code)
            ? Problems.problem(StatusCodes.NOT_FOUND, "no QR code '" + code + "'")
            : concat(
                pathEnd(() -> concat(
                    get(() -> reply(code, user, QrCode.GetQrCode::new, this::ok)),
                    patch(() -> entity(Json.unmarshaller(UpdateQrRequest.class), req -> update(user, code, req))),
                    delete(() -> reply(code, user, QrCode.ArchiveQrCode::new, this::ok)))),
                path("history", () -> get(() ->
                    reply(code, user, QrCode.GetHistory::new, h -> complete(StatusCodes.OK, HistoryResponse.of(h), Json.marshaller())))),
                path("stats", () -> get(() ->
                    reply(code, user, QrCode.GetStats::new, s -> complete(StatusCodes.OK, StatsResponse.of(s), Json.marshaller())))))))));
  }

  private Route create(Principal user, CreateQrRequest req) {
    var problems = req.problems();
    if (!problems.isEmpty()) return Problems.invalid(problems);
    CompletionStage<StatusReply<QrCode.Summary>> created = req.code() != null
        ? createWith(req.code(), user, req)
        : createWithRandomCode(user, req, settings.randomCodeAttempts());
    return Problems.onReply(created, summary -> respondWithHeader(
        Location.create(settings.publicBaseUrl() + "/api/v1/qr/" + summary.code()),
        () -> complete(StatusCodes.CREATED, QrResponse.of(summary, settings.publicBaseUrl()),
            Json.marshaller())));
  }

  private CompletionStage<StatusReply<QrCode.Summary>> createWith(String code, Principal user, CreateQrRequest req) {
    return sharding.entityRefFor(QrCode.ENTITY_KEY, code).ask(
        (ActorRef<StatusReply<QrCode.Summary>> replyTo) ->
            new QrCode.CreateQrCode(user.userId(), req.target(), req.title(), req.tags(),
                req.style(), replyTo),
        settings.askTimeout());
  }

  /** A random code collides rarely; on a collision, try a fresh one a few times. */
  private CompletionStage<StatusReply<QrCode.Summary>> createWithRandomCode(
      Principal user, CreateQrRequest req, int attemptsLeft) {
    return createWith(ShortCode.random(settings.randomCodeLength()), user, req)
        .thenCompose(reply -> {
          boolean collided = reply.isError() && Rejection.decode(reply.getError().getMessage())
              .filter(r -> r.kind() == Rejection.Kind.CONFLICT).isPresent();
          return collided && attemptsLeft > 1
              ? createWithRandomCode(user, req, attemptsLeft - 1)
              : CompletableFuture.completedFuture(reply);
        });
  }

  private Route update(Principal user, String code, UpdateQrRequest req) {
    var problems = req.problems();
    if (!problems.isEmpty()) return Problems.invalid(problems);
    return reply(code, user,
        (requester, replyTo) -> new QrCode.UpdateQrCode(requester, req.target(), req.title(),
            req.tags(), req.paused(), req.style(), replyTo),
        this::ok);
  }

  private Route list(Principal user) {
    return parameterOptional("page", page -> parameterOptional("size", size ->
        parameterOptional("tag", tag -> parameterOptional("q", q -> {
          Paging.Parsed paging = Paging.parse(page, size, settings);
          if (paging.paging() == null) return Problems.invalid(paging.problems());
          var filter = new QrListing.Filter(tag.filter(t -> !t.isBlank()).orElse(null),
              q.filter(t -> !t.isBlank()).orElse(null));
          return BlockingQuery.completeOk(blocking, () -> toResponse(
              listing.page(user.userId(), filter, paging.paging().page(), paging.paging().size())));
        }))));
  }

  private QrPageResponse toResponse(QrListing.Page page) {
    return new QrPageResponse(
        page.items().stream().map(row -> QrResponse.of(row, settings.publicBaseUrl())).toList(),
        page.page(), page.size(), page.total());
  }

  private Route ok(QrCode.Summary summary) {
    return complete(StatusCodes.OK, QrResponse.of(summary, settings.publicBaseUrl()), Json.marshaller());
  }

  /** An owner-scoped command: the entity checks the requester and replies NOT_FOUND otherwise. */
  private <T> Route reply(String code, Principal user,
      BiFunction<String, ActorRef<StatusReply<T>>, QrCode.Command> command,
      Function<T, Route> onSuccess) {
    CompletionStage<StatusReply<T>> answer = sharding.entityRefFor(QrCode.ENTITY_KEY, code)
        .ask(replyTo -> command.apply(user.userId(), replyTo), settings.askTimeout());
    return Problems.onReply(answer, onSuccess);
  }
}
