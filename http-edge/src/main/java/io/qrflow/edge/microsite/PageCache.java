package io.qrflow.edge.microsite;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.typesafe.config.Config;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.PageUpdate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Rendered microsite pages by slug, so a page view costs no entity round trip and no rendering.
 * A miss asks the entity once and renders on the render pool. Every change of a site is
 * announced on the {@link PageUpdate#TOPIC} topic and drops its entry at once; TTLs only bound
 * staleness, and unknown slugs are remembered briefly so probes spawn no entity per request.
 */
final class PageCache {

  record Settings(long maxEntries, Duration publishedTtl, Duration unknownTtl, Duration askTimeout) {
    static Settings fromConfig(Config config) {
      Config c = config.getConfig("qrflow.microsite.page-cache");
      return new Settings(c.getLong("max-entries"), c.getDuration("published-ttl"),
          c.getDuration("unknown-ttl"), config.getDuration("qrflow.http.ask-timeout"));
    }
  }

  private final AsyncCache<String, RenderedPage> cache;
  private final ClusterSharding sharding;
  private final Executor renderers;
  private final Settings settings;

  PageCache(ActorSystem<?> system, Settings settings, Executor renderers) {
    this.sharding = ClusterSharding.get(system);
    this.renderers = renderers;
    this.settings = settings;
    this.cache = Caffeine.newBuilder()
        .maximumSize(settings.maxEntries())
        .expireAfter(new Expiry<String, RenderedPage>() {
          @Override
          public long expireAfterCreate(String slug, RenderedPage page, long now) {
            return (page.page().found() ? settings.publishedTtl() : settings.unknownTtl()).toNanos();
          }

          @Override
          public long expireAfterUpdate(String slug, RenderedPage page, long now, long left) {
            return expireAfterCreate(slug, page, now);
          }

          @Override
          public long expireAfterRead(String slug, RenderedPage page, long now, long left) {
            return left;
          }
        })
        .buildAsync();
  }

  void subscribe(ActorSystem<?> system, ActorRef<Topic.Command<PageUpdate>> topic) {
    Behavior<PageUpdate> listener = Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.getSelf()));
      return Behaviors.receiveMessage(update -> {
        cache.synchronous().invalidate(update.slug());
        return Behaviors.same();
      });
    });
    system.systemActorOf(listener, "microsite-page-updates", Props.empty());
  }

  /** The page, rendered; a failed load is not kept, so the next request asks again. */
  CompletionStage<RenderedPage> get(String slug) {
    return cache.get(slug, (key, executor) -> load(key));
  }

  private CompletableFuture<RenderedPage> load(String slug) {
    return sharding.entityRefFor(Microsite.ENTITY_KEY, slug)
        .<Microsite.Page>ask(Microsite.GetPage::new, settings.askTimeout())
        .thenApplyAsync(page -> page.found()
            ? PageRenderer.render(page)
            : new RenderedPage(page, null, null, java.util.List.of()), renderers)
        .toCompletableFuture();
  }
}
