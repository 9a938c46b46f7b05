package io.qrflow.edge.microsite;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.patch;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.BlockingQuery;
import io.qrflow.edge.http.EdgeSettings;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Paging;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.microsite.dto.CreateMicrositeRequest;
import io.qrflow.edge.microsite.dto.GenerateRequest;
import io.qrflow.edge.microsite.dto.MicrositePageResponse;
import io.qrflow.edge.microsite.dto.MicrositeResponse;
import io.qrflow.edge.microsite.dto.UpdateMicrositeRequest;
import io.qrflow.microsite.Block;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Slug;
import io.qrflow.projections.micrositelisting.MicrositeListing;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code /api/v1/microsites}: create, list, read, change, publish, delete the caller's microsites,
 * ask for generated content and accept or discard the draft, preview unsaved content. Owner-scoped:
 * another user's site is a 404; another user's QR code named by a site is a 400.
 */
public final class MicrositeRoutes {

  private final ClusterSharding sharding;
  private final MicrositeListing listing;
  private final Executor blocking;
  private final BearerAuth auth;
  private final EdgeSettings settings;
  private final OwnedCodes ownedCodes;
  private final MicrositePreviewRoutes preview;

  public MicrositeRoutes(ClusterSharding sharding, MicrositeListing listing, Executor blocking,
      BearerAuth auth, EdgeSettings settings) {
    this.sharding = sharding;
    this.listing = listing;
    this.blocking = blocking;
    this.auth = auth;
    this.settings = settings;
    this.ownedCodes = new OwnedCodes(sharding, settings.askTimeout());
    this.preview = new MicrositePreviewRoutes(sharding, settings.askTimeout());
  }

  public Route route() {
    return pathPrefix("microsites", () -> auth.authenticated(user -> concat(
        pathEnd(() -> concat(
            post(() -> entity(Json.unmarshaller(CreateMicrositeRequest.class), req -> create(user, req))),
            get(() -> list(user)))),
        pathPrefix(PathMatchers.segment(), slug -> !Slug.isWellFormed(slug)
            ? Problems.problem(StatusCodes.NOT_FOUND, "no microsite '" + slug + "'")
            : concat(
                pathEnd(() -> concat(
                    get(() -> reply(slug, user, Microsite.GetMicrosite::new, this::ok)),
                    patch(() -> entity(Json.unmarshaller(UpdateMicrositeRequest.class), req ->
                        ifCodesOwned(user, req.linkedCodes(), req.blocks(), () -> reply(slug, user,
                            (who, r) -> new Microsite.UpdateMicrosite(who, req.title(), req.tagline(),
                                req.theme(), req.blocks(), req.linkedCodes(), r), this::ok)))),
                    delete(() -> reply(slug, user, Microsite.DeleteMicrosite::new,
                        done -> complete(StatusCodes.NO_CONTENT))))),
                path("publish", () -> post(() -> reply(slug, user,
                    (who, r) -> new Microsite.SetPublished(who, true, r), this::ok))),
                path("unpublish", () -> post(() -> reply(slug, user,
                    (who, r) -> new Microsite.SetPublished(who, false, r), this::ok))),
                path("generate", () -> post(() -> entity(Json.unmarshaller(GenerateRequest.class),
                    req -> this.<Microsite.Details>reply(slug, user, (who, r) -> new Microsite.RequestGeneration(who,
                        UUID.randomUUID().toString(), req.prompt(), req.tone(), req.language(), r),
                        d -> complete(StatusCodes.ACCEPTED, response(d), Json.marshaller()))))),
                preview.route(slug, user),
                pathPrefix("draft", () -> concat(
                    path("accept", () -> post(() ->
                        this.<Microsite.Details>reply(slug, user, Microsite.AcceptDraft::new, this::ok))),
                    path("discard", () -> post(() ->
                        this.<Microsite.Details>reply(slug, user, Microsite.DiscardDraft::new, this::ok))))))))));
  }

  private Route create(Principal user, CreateMicrositeRequest req) {
    var slugProblem = Slug.problemWith(req.slug());
    if (slugProblem.isPresent()) return Problems.invalid(List.of(slugProblem.get()));
    return ifCodesOwned(user, null, req.blocks(), () -> createOwned(user, req));
  }

  private Route createOwned(Principal user, CreateMicrositeRequest req) {
    CompletionStage<StatusReply<Microsite.Details>> created =
        sharding.entityRefFor(Microsite.ENTITY_KEY, req.slug()).ask(
            (ActorRef<StatusReply<Microsite.Details>> r) -> new Microsite.CreateMicrosite(
                user.userId(), req.title(), req.tagline(), req.theme(), req.blocks(), r),
            settings.askTimeout());
    return Problems.onReply(created, details -> respondWithHeader(
        Location.create(settings.publicBaseUrl() + "/api/v1/microsites/" + details.slug()),
        () -> complete(StatusCodes.CREATED, response(details), Json.marshaller())));
  }

  private Route list(Principal user) {
    return parameterOptional("page", page -> parameterOptional("size", size -> {
      Paging.Parsed paging = Paging.parse(page, size, settings);
      if (paging.paging() == null) return Problems.invalid(paging.problems());
      return BlockingQuery.completeOk(blocking, () -> MicrositePageResponse.of(
          listing.page(user.userId(), paging.paging().page(), paging.paging().size())));
    }));
  }

  private MicrositeResponse response(Microsite.Details details) {
    return MicrositeResponse.of(details, settings.publicBaseUrl());
  }

  private Route ok(Microsite.Details details) {
    return complete(StatusCodes.OK, response(details), Json.marshaller());
  }

  /** Runs {@code then} when every code named belongs to the user, else 400 and nothing written. */
  private Route ifCodesOwned(Principal user, List<String> linkedCodes, List<Block> blocks,
      Supplier<Route> then) {
    return onComplete(ownedCodes.problems(user.userId(), linkedCodes, blocks), checked ->
        checked.isFailure() ? complete(Problems.forFailure(checked.failed().get()))
            : checked.get().isEmpty() ? then.get() : Problems.invalid(checked.get()));
  }

  /** An owner-scoped command: the entity checks the requester and replies NOT_FOUND otherwise. */
  private <T> Route reply(String slug, Principal user,
      BiFunction<String, ActorRef<StatusReply<T>>, Microsite.Command> command,
      Function<T, Route> onSuccess) {
    CompletionStage<StatusReply<T>> answer = sharding.entityRefFor(Microsite.ENTITY_KEY, slug)
        .ask(replyTo -> command.apply(user.userId(), replyTo), settings.askTimeout());
    return Problems.onReply(answer, onSuccess);
  }
}
