package io.qrflow.projections.pipeline;

import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.ConsumerStatus;
import io.qrflow.projections.pipeline.PipelineStatus.ConsumerView;
import io.qrflow.projections.pipeline.PipelineStatus.DeadLetterView;
import io.qrflow.projections.pipeline.PipelineStatus.KafkaUnavailable;
import io.qrflow.projections.pipeline.PipelineStatus.PartitionView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer service's committed offsets and dead letters (its own schema's bookkeeping tables;
 * schema names come from code, never input) against the end offsets of its topics in Kafka.
 */
final class ConsumerOffsets {

  private static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  record Stored(ConsumerDefinition consumer, Map<TopicPartition, Long> committed, long deadLetters,
      DeadLetterView lastDeadLetter) {}

  private ConsumerOffsets() {}

  static Stored stored(Connection c, ConsumerDefinition consumer) throws SQLException {
    Map<TopicPartition, Long> committed = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT topic, kafka_partition, next_offset FROM "
        + consumer.schema() + ".kafka_offsets WHERE consumer_group = ?")) {
      s.setString(1, consumer.group());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          committed.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        }
      }
    }
    // The window counts every row of the group before LIMIT keeps the newest.
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) OVER (), reason, failed_at FROM "
        + consumer.schema() + ".dead_letters WHERE consumer_group = ? ORDER BY id DESC LIMIT 1")) {
      s.setString(1, consumer.group());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return new Stored(consumer, committed, 0, null);
        return new Stored(consumer, committed, rs.getLong(1),
            new DeadLetterView(rs.getString(2), rs.getTimestamp(3).toInstant()));
      }
    }
  }

  /** The end (next to be written) offset of every partition of the consumers' topics. */
  static Map<TopicPartition, Long> endOffsets(Admin admin, List<ConsumerDefinition> consumers,
      Duration timeout) throws KafkaUnavailable {
    Set<String> topics = consumers.stream().flatMap(c -> c.topics().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    int timeoutMs = (int) timeout.toMillis();
    try {
      var described = admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(timeoutMs))
          .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = described.values().stream()
          .flatMap(d -> d.partitions().stream()
              .map(p -> new TopicPartition(d.name(), p.partition())))
          .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
      return admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMs)).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (TimeoutException e) {
      throw notAnswered(timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw notAnswered(timeout, e.getCause());
      }
      throw new KafkaUnavailable("Kafka failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailable("interrupted while asking Kafka", e);
    }
  }

  private static KafkaUnavailable notAnswered(Duration timeout, Throwable cause) {
    return new KafkaUnavailable("Kafka did not answer within " + timeout.toMillis() + " ms", cause);
  }

  /** Lag per partition of the consumer's topics; a partition it never stored starts at 0. */
  static ConsumerView view(Stored stored, Map<TopicPartition, Long> ends) {
    ConsumerDefinition consumer = stored.consumer();
    List<PartitionView> partitions = ends.entrySet().stream()
        .filter(e -> consumer.topics().contains(e.getKey().topic()))
        .sorted(Map.Entry.comparingByKey(ORDER))
        .map(e -> {
          long committed = stored.committed().getOrDefault(e.getKey(), 0L);
          // Committed is read before end, so it exceeds end only if the topic was recreated.
          return new PartitionView(e.getKey().topic(), e.getKey().partition(), committed,
              e.getValue(), Math.max(0, e.getValue() - committed));
        })
        .toList();
    return new ConsumerView(consumer.group(), consumer.schema(),
        partitions.stream().mapToLong(PartitionView::lag).sum(),
        partitions.stream().mapToLong(PartitionView::committed).sum(),
        partitions.stream().mapToLong(PartitionView::end).sum(),
        stored.deadLetters(), stored.lastDeadLetter(), ConsumerStatus.lastError(consumer.group()),
        partitions);
  }
}
