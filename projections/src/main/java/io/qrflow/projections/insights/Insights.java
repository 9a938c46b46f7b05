package io.qrflow.projections.insights;

import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.publish.KafkaPublishing;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.schedule.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * The insights service of a projection node: the {@code insights} consumer (aggregates and event
 * triggers), the digest scheduler and the relay of firings to insights.alert. {@code clock} is
 * the service's only source of "now" (digests, the feed), so tests can control it.
 */
public final class Insights {

  private static final String BLOCKING = "qrflow.kafka.consumer-dispatcher";

  /** From {@code qrflow.insights}. */
  public record Settings(Duration digestInterval, Duration relayInterval, int relayBatch,
      Duration sendTimeout) {
    public static Settings fromConfig(com.typesafe.config.Config config) {
      var c = config.getConfig("qrflow.insights");
      return new Settings(c.getDuration("digest-interval"), c.getDuration("relay-interval"),
          c.getInt("relay-batch"), c.getDuration("send-timeout"));
    }
  }

  private Insights() {}

  public static void start(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource, Clock clock) {
    var settings = Settings.fromConfig(system.settings().config());
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING));
    ExactlyOnceConsumer.start(system, kafka, dataSource, InsightsConsumer.definition());
    var digests = new DigestScheduler(dataSource, clock);
    PeriodicTask.start(system, "insights-digests", settings.digestInterval(),
        () -> CompletableFuture.supplyAsync(() -> {
          try {
            digests.round();
            return false;
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        }, blocking));
    var relay = new AlertRelay(dataSource, KafkaPublishing.producer(system, kafka),
        settings.relayBatch(), settings.sendTimeout());
    PeriodicTask.start(system, "insights-alert-relay", settings.relayInterval(),
        () -> CompletableFuture.supplyAsync(() -> {
          try {
            return relay.relay();
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        }, blocking));
  }
}
