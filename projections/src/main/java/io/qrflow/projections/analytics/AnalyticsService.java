package io.qrflow.projections.analytics;

import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.consume.RunningConsumer;
import io.qrflow.projections.publish.KafkaSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics consumer of this node, and its rebuild: stop consuming, empty every analytics
 * table and the group's offsets, then consume every input topic again from the beginning. The
 * topics keep their messages for ever ({@link AnalyticsTopics}), and the rollups are sums of
 * per-message contributions, so the rebuilt numbers equal the old ones. The node holding the
 * consumer (role {@code projection}) rebuilds; in a cluster of several such nodes, rebuild with
 * one of them running (see README, operations).
 */
public final class AnalyticsService {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsService.class);
  private static final long STOP_TIMEOUT_SECONDS = 60;
  private static final String WIPE = "TRUNCATE qr_analytics.codes, qr_analytics.code_changes,"
      + " qr_analytics.owners, qr_analytics.minutes, qr_analytics.hours, qr_analytics.days,"
      + " qr_analytics.hour_dimensions, qr_analytics.day_dimensions, qr_analytics.visitor_days,"
      + " qr_analytics.day_edges, qr_analytics.page_events, qr_analytics.processed_events,"
      + " qr_analytics.kafka_offsets, qr_analytics.dead_letters, qr_analytics.owner_code_days,"
      + " qr_analytics.owner_code_hours";

  // By identity: actor systems compare like actor refs, by path, and every node is "qrflow".
  private static final Map<ActorSystem<?>, AnalyticsService> BY_NODE =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private final ActorSystem<?> system;
  private final KafkaSettings kafka;
  private final DataSource dataSource;
  private RunningConsumer running;

  private AnalyticsService(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource) {
    this.system = system;
    this.kafka = kafka;
    this.dataSource = dataSource;
  }

  /** Starts the consumer on this node (nodes with the projection role). */
  public static synchronized AnalyticsService start(ActorSystem<?> system, KafkaSettings kafka,
      DataSource dataSource) {
    AnalyticsTopics.retainForReplay(system.settings().config(), kafka);
    var service = new AnalyticsService(system, kafka, dataSource);
    service.running = ExactlyOnceConsumer.start(system, kafka, dataSource, definition());
    BY_NODE.put(system, service);
    system.getWhenTerminated().thenRun(() -> BY_NODE.remove(system));
    return service;
  }

  /** The service running on this node (the node's actor system), if it runs one. */
  public static Optional<AnalyticsService> on(ActorSystem<?> system) {
    return Optional.ofNullable(BY_NODE.get(system));
  }

  public static ConsumerDefinition definition() {
    return AnalyticsConsumer.definition();
  }

  /** Blocking: returns once the tables are empty and consumption has started over. */
  public synchronized void rebuild() throws SQLException {
    stop();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(WIPE);
    } finally {
      running = ExactlyOnceConsumer.start(system, kafka, dataSource, definition());
    }
    log.info("analytics rebuild: tables emptied, consuming every input topic from the beginning");
  }

  /**
   * Stops and starts consuming again from the offsets stored in {@code qr_analytics.kafka_offsets}
   * (after an operator moved them); messages seen before are recognised by event id.
   */
  public synchronized void restart() {
    stop();
    running = ExactlyOnceConsumer.start(system, kafka, dataSource, definition());
  }

  private void stop() {
    try {
      running.stop().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the analytics consumer did not stop", e);
    }
  }
}
