package io.qrflow.edge.webhooks;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.Blocking;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.webhooks.dto.CreateWebhookRequest;
import io.qrflow.edge.webhooks.dto.DeliveriesResponse;
import io.qrflow.edge.webhooks.dto.SecretResponse;
import io.qrflow.edge.webhooks.dto.WebhookResponse;
import io.qrflow.projections.webhooks.WebhookEndpoints;
import io.qrflow.projections.webhooks.WebhookSettings;
import io.qrflow.projections.webhooks.WebhookUrls;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/webhooks}: the caller's endpoints (register, list, read, delete, rotate the
 * secret), each endpoint's delivery log and replays. Another user's endpoint is a 404.
 */
public final class WebhookRoutes {

  private static final int DEFAULT_DELIVERIES = 50;
  private static final int MAX_DELIVERIES = 200;

  private final WebhookEndpoints endpoints;
  private final WebhookUrls urls;
  private final WebhookSettings settings;
  private final BearerAuth auth;
  private final Blocking blocking;

  public WebhookRoutes(WebhookEndpoints endpoints, WebhookUrls urls, WebhookSettings settings,
      BearerAuth auth, Blocking blocking) {
    this.endpoints = endpoints;
    this.urls = urls;
    this.settings = settings;
    this.auth = auth;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix("webhooks", () -> auth.authenticated(user -> concat(
        pathEnd(() -> concat(
            post(() -> entity(Json.unmarshaller(CreateWebhookRequest.class), req -> create(user, req))),
            get(() -> blocking.run(() -> endpoints.list(user.userId()),
                list -> ok(list.stream().map(e -> WebhookResponse.of(e, null)).toList()))))),
        pathPrefix(PathMatchers.segment(), id -> withId(id, "webhook", endpoint -> endpoint(user, endpoint, id))))));
  }

  private Route endpoint(Principal user, UUID endpoint, String id) {
    return concat(
        pathEnd(() -> concat(
            get(() -> blocking.found(() -> endpoints.find(user.userId(), endpoint), "webhook " + id,
                e -> ok(WebhookResponse.of(e, null)))),
            delete(() -> blocking.run(() -> endpoints.delete(user.userId(), endpoint),
                deleted -> deleted ? complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT))
                    : Problems.problem(StatusCodes.NOT_FOUND, "no webhook " + id))))),
        path("rotate-secret", () -> post(() -> blocking.found(
            () -> endpoints.rotateSecret(user.userId(), endpoint), "webhook " + id,
            secret -> ok(new SecretResponse(secret))))),
        pathPrefix("deliveries", () -> concat(
            pathEnd(() -> get(() -> deliveries(user, endpoint, id))),
            pathPrefix(PathMatchers.segment(), deliveryId -> withId(deliveryId, "delivery",
                delivery -> path("replay", () -> post(() -> replay(user, endpoint, delivery, deliveryId))))))));
  }

  private Route replay(Principal user, UUID endpoint, UUID delivery, String deliveryId) {
    return blocking.run(() -> endpoints.replay(user.userId(), endpoint, delivery), replayed -> replayed
        ? complete(HttpResponse.create().withStatus(StatusCodes.ACCEPTED))
        : Problems.problem(StatusCodes.NOT_FOUND, "no delivery " + deliveryId));
  }

  private Route create(Principal user, CreateWebhookRequest req) {
    List<String> problems = req.problems();
    if (!problems.isEmpty()) return Problems.invalid(problems);
    return blocking.run(() -> {
      Optional<String> urlProblem = urls.problem(req.url());
      if (urlProblem.isPresent()) throw new Blocking.Invalid(urlProblem.get());
      return endpoints.create(user.userId(), req.url(), req.description(), req.topics(),
          settings.maxEndpointsPerOwner());
    }, created -> created
        .<Route>map(c -> complete(StatusCodes.CREATED, WebhookResponse.of(c.endpoint(), c.secret()), Json.marshaller()))
        .orElseGet(() -> Problems.problem(StatusCodes.CONFLICT,
            "at most " + settings.maxEndpointsPerOwner() + " webhooks per account")));
  }

  private Route deliveries(Principal user, UUID endpoint, String id) {
    return parameterOptional("limit", limitText -> {
      int limit;
      try {
        limit = limitText.map(Integer::parseInt).orElse(DEFAULT_DELIVERIES);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_DELIVERIES) {
        return Problems.invalid(List.of("'limit' must be between 1 and " + MAX_DELIVERIES));
      }
      int chosen = limit;
      return blocking.found(() -> endpoints.deliveries(user.userId(), endpoint, chosen),
          "webhook " + id, items -> ok(new DeliveriesResponse(items)));
    });
  }

  /** A path id that is not a UUID names nothing of the caller's: 404. */
  public static Route withId(String text, String what, Function<UUID, Route> inner) {
    UUID id;
    try {
      id = UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return Problems.problem(StatusCodes.NOT_FOUND, "no " + what + " " + text);
    }
    return inner.apply(id);
  }

  private static <T> Route ok(T body) {
    return complete(StatusCodes.OK, body, Json.marshaller());
  }
}
