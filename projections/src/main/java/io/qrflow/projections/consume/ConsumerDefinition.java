package io.qrflow.projections.consume;

import java.util.Set;

/**
 * A consumer service: its consumer group, the schema holding its rows and bookkeeping tables
 * ({@code kafka_offsets}, {@code processed_events}, {@code dead_letters}), its topics, what it
 * does with a message, and how many messages of a partition it may apply in one transaction
 * ({@code maxBatch}; 1 = each message on its own). Topics in {@code oneAtATime} are always
 * applied one message per transaction, e.g. where a message means a slow call to another system.
 */
public record ConsumerDefinition(String group, String schema, Set<String> topics, MessageHandler handler,
    int maxBatch, Set<String> oneAtATime) {

  public ConsumerDefinition(String group, String schema, Set<String> topics, MessageHandler handler,
      int maxBatch) {
    this(group, schema, topics, handler, maxBatch, Set.of());
  }

  public ConsumerDefinition(String group, String schema, Set<String> topics, MessageHandler handler) {
    this(group, schema, topics, handler, 1);
  }

  /** How many messages of {@code topic} may share one transaction. */
  public int maxBatch(String topic) {
    return oneAtATime.contains(topic) ? 1 : maxBatch;
  }
}
