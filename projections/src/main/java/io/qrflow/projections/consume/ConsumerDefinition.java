package io.qrflow.projections.consume;

import java.util.Set;

/**
 * A consumer service: its consumer group, the schema holding its rows and bookkeeping tables
 * ({@code kafka_offsets}, {@code processed_events}, {@code dead_letters}), its topics, and what it
 * does with a message.
 */
public record ConsumerDefinition(String group, String schema, Set<String> topics, MessageHandler handler) {}
