package io.qrflow.projections.consume;

import io.qrflow.projections.contracts.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** SQL on a consumer service's bookkeeping tables. Table names come from code, never input. */
final class ConsumerBookkeeping {

  private final String group;
  private final String schema;
  private final ItemDeliveries items;

  ConsumerBookkeeping(String group, String schema) {
    this.group = group;
    this.schema = schema;
    this.items = new ItemDeliveries(group, schema);
  }

  /** Where to resume each assigned partition: the stored next offset, or the beginning. */
  Map<TopicPartition, Long> offsets(DataSource dataSource, Set<TopicPartition> partitions) throws SQLException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT next_offset FROM " + schema
            + ".kafka_offsets WHERE consumer_group = ? AND topic = ? AND kafka_partition = ?")) {
      for (TopicPartition partition : partitions) {
        s.setString(1, group);
        s.setString(2, partition.topic());
        s.setInt(3, partition.partition());
        try (ResultSet rs = s.executeQuery()) {
          offsets.put(partition, rs.next() ? rs.getLong(1) : 0L);
        }
      }
    }
    return offsets;
  }

  /** True the first time this event id of {@code topic} is seen by this group (recorded now). */
  boolean firstDelivery(Connection c, String topic, String eventId) throws SQLException {
    return firstDeliveries(c, topic, List.of(eventId)).contains(eventId);
  }

  /**
   * The event ids among {@code eventIds} (all of {@code topic}) this group sees for the first time,
   * recorded now: one row per item-carrying journal event on {@link Topics#ONE_MESSAGE_PER_ITEM},
   * one per message elsewhere.
   */
  Set<String> firstDeliveries(Connection c, String topic, List<String> eventIds) throws SQLException {
    if (!Topics.ONE_MESSAGE_PER_ITEM.contains(topic)) return firstOfEach(c, eventIds);
    List<ItemDeliveries.Item> items = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String id : eventIds) {
      ItemDeliveries.Item item = ItemDeliveries.Item.parse(id);
      if (item != null) items.add(item);
      else others.add(id);
    }
    Set<String> fresh = items.isEmpty() ? new HashSet<>() : this.items.firstDeliveries(c, items);
    if (!others.isEmpty()) fresh.addAll(firstOfEach(c, others));
    return fresh;
  }

  private Set<String> firstOfEach(Connection c, List<String> eventIds) throws SQLException {
    Set<String> fresh = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema
        + ".processed_events(consumer_group, event_id) SELECT ?, unnest(?::varchar[])"
        + " ON CONFLICT DO NOTHING RETURNING event_id")) {
      s.setString(1, group);
      s.setArray(2, c.createArrayOf("varchar", eventIds.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) fresh.add(rs.getString(1));
      }
    }
    return fresh;
  }

  void advance(Connection c, ConsumerRecord<String, byte[]> record) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema
        + ".kafka_offsets(consumer_group, topic, kafka_partition, next_offset) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (consumer_group, topic, kafka_partition) DO UPDATE SET next_offset ="
        + " EXCLUDED.next_offset")) {
      s.setString(1, group);
      s.setString(2, record.topic());
      s.setInt(3, record.partition());
      s.setLong(4, record.offset() + 1);
      s.executeUpdate();
    }
  }

  /**
   * Deletes this group's applied event ids older than {@code retention}, {@code chunk} rows per
   * statement so no transaction grows large; returns how many went.
   */
  long prune(DataSource dataSource, Duration retention, int chunk) throws SQLException {
    long deleted = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM " + schema + ".processed_events"
            + " WHERE ctid IN (SELECT ctid FROM " + schema + ".processed_events"
            + " WHERE consumer_group = ? AND processed_at < now() - ? * interval '1 millisecond'"
            + " LIMIT ?)")) {
      s.setString(1, group);
      s.setLong(2, retention.toMillis());
      s.setInt(3, chunk);
      int round;
      do {
        round = s.executeUpdate();
        deleted += round;
      } while (round == chunk);
    }
    return deleted;
  }

  void deadLetter(Connection c, ConsumerRecord<String, byte[]> record, String reason) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema
        + ".dead_letters(consumer_group, topic, kafka_partition, kafka_offset, message_key,"
        + " message_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, group);
      s.setString(2, record.topic());
      s.setInt(3, record.partition());
      s.setLong(4, record.offset());
      s.setString(5, record.key());
      s.setBytes(6, record.value());
      s.setString(7, reason);
      s.executeUpdate();
    }
  }
}
