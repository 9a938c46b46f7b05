package io.qrflow.edge.notifications;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.notifications.dto.DeliveriesResponse;
import io.qrflow.edge.notifications.dto.PreferencesBody;
import io.qrflow.projections.email.EmailKind;
import io.qrflow.projections.email.NotificationStore;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/notifications/deliveries} (the caller's e-mail delivery log) and
 * {@code /api/v1/notifications/preferences} (opt out per kind). Owner-scoped by the token.
 */
public final class NotificationRoutes {

  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 200;

  private final NotificationStore store;
  private final BearerAuth auth;
  private final Executor blocking;
  private final Clock clock;

  public NotificationRoutes(NotificationStore store, BearerAuth auth, Executor blocking, Clock clock) {
    this.store = store;
    this.auth = auth;
    this.blocking = blocking;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix("notifications", () -> auth.authenticated(user -> {
      UUID owner = UUID.fromString(user.userId());
      return concat(
          path("deliveries", () -> get(() -> parameterOptional("limit", limit -> deliveries(owner, limit)))),
          path("preferences", () -> concat(
              get(() -> query(() -> store.preferences(owner), PreferencesBody::new)),
              put(() -> entity(Json.unmarshaller(PreferencesBody.class), body -> update(owner, body))))));
    }));
  }

  private Route deliveries(UUID owner, Optional<String> limitParam) {
    int limit;
    try {
      limit = limitParam.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return Problems.invalid(List.of("limit must be a number from 1 to " + MAX_LIMIT));
    }
    int rows = limit;
    return query(() -> store.deliveries(owner, rows), DeliveriesResponse::new);
  }

  private Route update(UUID owner, PreferencesBody body) {
    if (body.preferences() == null || body.preferences().isEmpty()) {
      return Problems.invalid(List.of("preferences must map kinds to true or false"));
    }
    List<String> problems = new ArrayList<>();
    Map<EmailKind, Boolean> choices = new EnumMap<>(EmailKind.class);
    body.preferences().forEach((id, enabled) -> {
      Optional<EmailKind> kind = EmailKind.byId(id);
      if (kind.isEmpty()) problems.add("'" + id + "' is not a kind of notification");
      else if (!kind.get().optional()) problems.add("'" + id + "' e-mails cannot be turned off");
      else if (enabled == null) problems.add("'" + id + "' must be true or false");
      else choices.put(kind.get(), enabled);
    });
    if (!problems.isEmpty()) return Problems.invalid(problems);
    return query(() -> {
      store.setPreferences(owner, choices, clock.instant());
      return store.preferences(owner);
    }, PreferencesBody::new);
  }

  private <T, R> Route query(Query<T> query, java.util.function.Function<T, R> toBody) {
    return onComplete(CompletableFuture.supplyAsync(() -> {
      try {
        return query.run();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking), done -> done.isSuccess()
        ? complete(StatusCodes.OK, toBody.apply(done.get()), Json.marshaller())
        : complete(Problems.forFailure(done.failed().get())));
  }

  @FunctionalInterface
  private interface Query<T> {
    T run() throws SQLException;
  }
}
