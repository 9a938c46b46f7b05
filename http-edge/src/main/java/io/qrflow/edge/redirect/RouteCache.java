package io.qrflow.edge.redirect;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.typesafe.config.Config;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.RouteUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The edge's local table code → route. A miss costs one ask to the QR code's entity; concurrent
 * misses for one code share that ask. Unknown codes are remembered briefly (negative cache) so
 * probes do not reach the entities again and again. Route changes arrive over pub-sub and
 * replace entries at once.
 */
public final class RouteCache {

  /** Cache sizes and lifetimes from {@code qrflow.scan.route-cache}. */
  public record Settings(long maxEntries, Duration knownTtl, Duration unknownTtl,
      Duration warmedTtl, int warmRoutes, Duration askTimeout) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("qrflow.scan.route-cache");
      return new Settings(c.getLong("max-entries"), c.getDuration("known-ttl"),
          c.getDuration("unknown-ttl"), c.getDuration("warmed-ttl"), c.getInt("warm-routes"),
          config.getDuration("qrflow.http.ask-timeout"));
    }
  }

  private final AsyncLoadingCache<String, ResolvedRoute> cache;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public RouteCache(ActorSystem<?> system, Settings settings) {
    ClusterSharding sharding = ClusterSharding.get(system);
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(settings.maxEntries())
            .expireAfter(new LifetimeByStatus(settings))
            .buildAsync((code, executor) -> sharding
                .entityRefFor(QrCode.ENTITY_KEY, code)
                .<QrCode.Route>ask(QrCode.GetRoute::new, settings.askTimeout())
                .thenApply(route -> ResolvedRoute.of(code, route))
                .toCompletableFuture());
  }

  /** Subscribes this cache to route changes published by the entities. */
  public void subscribe(ActorSystem<?> system, ActorRef<Topic.Command<RouteUpdate>> topic) {
    Behavior<RouteUpdate> listener = Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.getSelf()));
      return Behaviors.receiveMessage(update -> {
        put(update);
        return Behaviors.same();
      });
    });
    system.systemActorOf(listener, "route-cache-updates", Props.empty());
  }

  public CompletionStage<ResolvedRoute> get(String code) {
    return cache.get(code);
  }

  /**
   * The route with its style known: an entry read from the route table (which has no style) is
   * reloaded from the entity first.
   */
  public CompletionStage<ResolvedRoute> getWithStyle(String code) {
    return get(code).thenCompose(resolved -> resolved.route().style() != null
        ? CompletableFuture.completedFuture(resolved)
        : cache.synchronous().refresh(code));
  }

  /** The route if it is cached and loaded, else null; lets the scan path skip the future. */
  public ResolvedRoute getIfReady(String code) {
    CompletableFuture<ResolvedRoute> entry = cache.getIfPresent(code);
    ResolvedRoute ready =
        entry != null && entry.isDone() && !entry.isCompletedExceptionally() ? entry.join() : null;
    (ready != null ? hits : misses).increment();
    return ready;
  }

  /** Lookups answered at once (hit) or not (miss: an ask or a load in flight), and entries. */
  public void registerMetrics(PrometheusRegistry registry) {
    CounterWithCallback.builder().name("qrflow_route_cache_lookups_total")
        .help("Route cache lookups of the scan path, by result").labelNames("result")
        .callback(cb -> {
          cb.call(hits.sum(), "hit");
          cb.call(misses.sum(), "miss");
        }).register(registry);
    GaugeWithCallback.builder().name("qrflow_route_cache_hit_ratio")
        .help("Share of scan-path lookups answered from the cache since start")
        .callback(cb -> {
          long h = hits.sum();
          long total = h + misses.sum();
          cb.call(total == 0 ? 1.0 : (double) h / total);
        }).register(registry);
    GaugeWithCallback.builder().name("qrflow_route_cache_entries")
        .help("Routes in this edge's cache (known, unknown and loading)")
        .callback(cb -> cb.call(cache.synchronous().estimatedSize())).register(registry);
  }

  /**
   * Fills the cache with the most recently changed routes of {@code routing_db.routes} (kept
   * from the topics by the routing consumer). Entries from the table may lag the entities, so
   * they live only {@code warmed-ttl}; a change published meanwhile replaces them. Blocking.
   */
  public int warm(DataSource dataSource, int limit) throws SQLException {
    int warmed = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT code, target, status FROM routing_db.routes WHERE target IS NOT NULL"
                + " AND status IS NOT NULL ORDER BY updated_at DESC LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          var status = QrCode.RouteStatus.valueOf(rs.getString("status"));
          var route = new QrCode.Route(status,
              status == QrCode.RouteStatus.ACTIVE ? rs.getString("target") : null, null);
          String code = rs.getString("code");
          cache.asMap().putIfAbsent(code, CompletableFuture.completedFuture(ResolvedRoute.of(code, route).asProvisional()));
          warmed++;
        }
      }
    }
    return warmed;
  }

  public void put(RouteUpdate update) {
    cache.put(update.code(), CompletableFuture.completedFuture(ResolvedRoute.of(update.code(), update.route())));
  }

  private record LifetimeByStatus(Settings settings) implements Expiry<String, ResolvedRoute> {
    private long lifetime(ResolvedRoute value) {
      if (value.provisional()) return settings.warmedTtl().toNanos();
      return (value.route().status() == QrCode.RouteStatus.NOT_FOUND
          ? settings.unknownTtl() : settings.knownTtl()).toNanos();
    }

    @Override
    public long expireAfterCreate(String code, ResolvedRoute value, long now) {
      return lifetime(value);
    }

    @Override
    public long expireAfterUpdate(String code, ResolvedRoute value, long now, long current) {
      return lifetime(value);
    }

    @Override
    public long expireAfterRead(String code, ResolvedRoute value, long now, long current) {
      return current;
    }
  }
}
