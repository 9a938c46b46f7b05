package io.qrflow.projections.pipeline;

import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.ConsumerStatus;
import io.qrflow.projections.publish.KafkaSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How far the pipeline is behind, for the admin view: per projection instance, the journal events
 * of its tag after its stored offset; per consumer service, the Kafka messages after its committed
 * offsets, its dead letters and its last error on this node. Blocking (JDBC, and the Kafka admin
 * client with every call bounded by {@code kafkaTimeout}): callers run it on a blocking executor.
 * The admin client is created on first use and closed by {@link #close()}.
 */
public final class PipelineStatus implements AutoCloseable {

  public record View(List<ProjectionView> projections, List<ConsumerView> consumers, Instant at) {}

  /** A projection: its total lag over the instances (one per tag) that have stored an offset. */
  public record ProjectionView(String name, long lag, int instances, List<OffsetView> offsets) {}

  /** One instance's offset; for manifest SEQ a journal ordering, and then lag is known. */
  public record OffsetView(String key, String manifest, String offset, Long lag,
      Instant lastUpdated) {}

  /** A consumer service; committed and end are sums over its partitions, lag = end - committed. */
  public record ConsumerView(String group, String schema, long lag, long committed, long end,
      long deadLetters, DeadLetterView lastDeadLetter, ConsumerStatus.LastError lastError,
      List<PartitionView> partitions) {}

  public record DeadLetterView(String reason, Instant at) {}

  /** committed is the next offset the consumer will read (0 when it has stored none). */
  public record PartitionView(String topic, int partition, long committed, long end, long lag) {}

  /** Kafka did not answer in time, or failed. */
  public static final class KafkaUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    KafkaUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final DataSource dataSource;
  private final KafkaSettings kafka;
  private final List<ConsumerDefinition> consumers;
  private final Duration kafkaTimeout;
  private Admin admin;

  public PipelineStatus(DataSource dataSource, KafkaSettings kafka,
      List<ConsumerDefinition> consumers, Duration kafkaTimeout) {
    this.dataSource = dataSource;
    this.kafka = kafka;
    this.consumers = List.copyOf(consumers);
    this.kafkaTimeout = kafkaTimeout;
  }

  public View read() throws SQLException, KafkaUnavailable {
    Instant at = Instant.now();
    List<ProjectionView> projections;
    List<ConsumerOffsets.Stored> stored = new ArrayList<>();
    // Committed offsets before end offsets: a message arriving in between can only add lag.
    try (Connection c = dataSource.getConnection()) {
      c.setReadOnly(true);
      projections = ProjectionOffsets.read(c);
      for (ConsumerDefinition consumer : consumers) stored.add(ConsumerOffsets.stored(c, consumer));
    }
    if (!kafka.isConfigured()) {
      throw new KafkaUnavailable("no Kafka bootstrap servers configured", null);
    }
    var ends = ConsumerOffsets.endOffsets(admin(), consumers, kafkaTimeout);
    List<ConsumerView> views = stored.stream().map(s -> ConsumerOffsets.view(s, ends)).toList();
    return new View(projections, views, at);
  }

  private synchronized Admin admin() {
    if (admin == null) {
      String timeout = Long.toString(kafkaTimeout.toMillis());
      admin = Admin.create(Map.of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) admin.close(kafkaTimeout);
    admin = null;
  }
}
