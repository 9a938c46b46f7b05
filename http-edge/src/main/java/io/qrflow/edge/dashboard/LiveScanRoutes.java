package io.qrflow.edge.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.Problems;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.ShortCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /api/v1/qr/{code}/scans/live}: the code's total scans as server-sent events ({@code
 * event: scans}, data {@code {"code","totalScans"}}), pushed by the QR code entity when scans
 * arrive, plus a comment heartbeat. Owner-scoped: the entity is asked for the stats first.
 *
 * <p>The stream's actor registers with the entity at once and again every rewatch interval, so a
 * passivated or moved entity learns of it again; when the client goes away the actor stops and
 * the entity drops it.
 */
public final class LiveScanRoutes {

  private static final int LATEST_ONLY = 1;
  private static final ByteString HEARTBEAT = ByteString.fromString(": heartbeat\n\n");

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final BearerAuth auth;
  private final DashboardSettings settings;
  private final Duration askTimeout;

  public LiveScanRoutes(ActorSystem<?> system, BearerAuth auth, DashboardSettings settings,
      Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.auth = auth;
    this.settings = settings;
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return pathPrefix("qr", () -> pathPrefix(PathMatchers.segment(), code ->
        path(PathMatchers.segment("scans").slash("live"), () -> get(() -> auth.authenticated(user ->
            ShortCode.isWellFormed(code)
                ? live(code, user)
                : Problems.problem(StatusCodes.NOT_FOUND, "no QR code '" + code + "'"))))));
  }

  private Route live(String code, Principal user) {
    EntityRef<QrCode.Command> entity = sharding.entityRefFor(QrCode.ENTITY_KEY, code);
    return Problems.onReply(
        entity.ask((ActorRef<StatusReply<QrCode.Stats>> replyTo) ->
            new QrCode.GetStats(user.userId(), replyTo), askTimeout),
        stats -> complete(HttpResponse.create()
            .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM),
                events(entity, user, new QrCode.ScanCount(code, stats.totalScans()))))
            .addHeader(CacheControl.create(CacheDirectives.NO_CACHE))
            // Tells nginx-like proxies not to buffer the stream.
            .addHeader(RawHeader.create("X-Accel-Buffering", "no"))));
  }

  private Source<ByteString, NotUsed> events(
      EntityRef<QrCode.Command> entity, Principal user, QrCode.ScanCount initial) {
    Pair<ActorRef<QrCode.ScanCount>, Source<QrCode.ScanCount, NotUsed>> counts =
        ActorSource.<QrCode.ScanCount>actorRef(
                message -> false, message -> Optional.empty(), LATEST_ONLY, OverflowStrategy.dropHead())
            .preMaterialize(system);
    ActorRef<QrCode.ScanCount> watcher = counts.first();
    Source<QrCode.ScanCount, ?> rewatch = Source.tick(Duration.ZERO, settings.rewatchInterval(), NotUsed.notUsed())
        .mapConcat(tick -> {
          entity.tell(new QrCode.WatchScans(user.userId(), watcher));
          return List.<QrCode.ScanCount>of();
        });
    return Source.single(initial)
        .concat(counts.second().merge(rewatch))
        .statefulMapConcat(() -> {
          long[] last = {-1};
          return count -> {
            if (count.totalScans() == last[0]) return List.<QrCode.ScanCount>of();
            last[0] = count.totalScans();
            return List.of(count);
          };
        })
        .map(LiveScanRoutes::frame)
        .keepAlive(settings.heartbeatInterval(), () -> HEARTBEAT);
  }

  private static ByteString frame(QrCode.ScanCount count) {
    // The code is [A-Za-z0-9_-] only, so it needs no JSON escaping.
    return ByteString.fromString("event: scans\ndata: {\"code\":\"" + count.code()
        + "\",\"totalScans\":" + count.totalScans() + "}\n\n");
  }
}
