package io.qrflow.node.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.metrics.NodeMetrics;
import io.qrflow.projections.pipeline.PipelineStatus;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.qr.QrCode;
import io.qrflow.user.UserAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Gauges read off the hot path, refreshed every {@code qrflow.metrics.refresh-interval}: entities
 * alive in this node's shard regions, and (on projection nodes) the lag of every projection and
 * consumer service from {@link PipelineStatus}. JVM metrics too.
 */
public final class ClusterGauges {

  private final Map<String, Long> entities = new ConcurrentHashMap<>();
  private final AtomicReference<PipelineStatus.View> pipeline = new AtomicReference<>();

  private ClusterGauges() {}

  public static void start(ActorSystem<?> system, DataSource dataSource, KafkaSettings kafka,
      List<ConsumerDefinition> consumers, boolean entityNode, boolean projectionNode) {
    var gauges = new ClusterGauges();
    PrometheusRegistry registry = NodeMetrics.get(system).registry();
    JvmMetrics.builder().register(registry);
    Duration every = system.settings().config().getDuration("qrflow.metrics.refresh-interval");
    if (entityNode) {
      GaugeWithCallback.builder().name("qrflow_entities")
          .help("Entities alive in this node's shard regions, by type").labelNames("type")
          .callback(cb -> gauges.entities.forEach((type, n) -> cb.call(n, type))).register(registry);
      system.scheduler().scheduleWithFixedDelay(every, every,
          () -> {
            gauges.countEntities(system, QrCode.ENTITY_KEY, every);
            gauges.countEntities(system, UserAccount.ENTITY_KEY, every);
          }, system.executionContext());
    }
    if (projectionNode) {
      var status = new PipelineStatus(dataSource, kafka, consumers, every);
      GaugeWithCallback.builder().name("qrflow_projection_lag_events")
          .help("Journal events a projection has not processed yet").labelNames("projection")
          .callback(cb -> {
            var view = gauges.pipeline.get();
            if (view != null) view.projections().forEach(p -> cb.call(p.lag(), p.name()));
          }).register(registry);
      GaugeWithCallback.builder().name("qrflow_consumer_lag_messages")
          .help("Kafka messages a consumer service has not applied yet").labelNames("group")
          .callback(cb -> {
            var view = gauges.pipeline.get();
            if (view != null) view.consumers().forEach(c -> cb.call(c.lag(), c.group()));
          }).register(registry);
      var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
      system.scheduler().scheduleWithFixedDelay(every, every, () -> {
        try {
          gauges.pipeline.set(status.read());
        } catch (Exception e) {
          system.log().debug("pipeline lag not read: {}", e.getMessage());
        }
      }, blocking);
      system.getWhenTerminated().thenRun(status::close);
    }
  }

  private void countEntities(ActorSystem<?> system, EntityTypeKey<?> key, Duration timeout) {
    AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(key, replyTo), timeout, system.scheduler())
        .thenAccept(state -> entities.put(key.name(),
            state.getShards().stream().mapToLong(s -> s.getEntityIds().size()).sum()));
  }
}
