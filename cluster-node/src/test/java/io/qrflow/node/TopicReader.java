package io.qrflow.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a node's broker holds, for tests. */
final class TopicReader {

  private static final Duration POLL = Duration.ofMillis(200);

  private TopicReader() {}

  /** Every message of a topic from the beginning, grouped by key (null keys = all keys). */
  static Map<String, List<JsonNode>> readAll(String bootstrap, String topic, Set<String> keys) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<String, List<JsonNode>> byKey = new HashMap<>();
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          if (keys != null && !keys.contains(record.key())) continue;
          try {
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(TestNode.JSON.readTree(record.value()));
          } catch (Exception notJson) {
            // other tests' poison messages
          }
        }
      }
    }
    return byKey;
  }

  /** The messages of one key on a topic (empty when none). */
  static List<JsonNode> messages(String bootstrap, String topic, String key) {
    return readAll(bootstrap, topic, Set.of(key)).getOrDefault(key, List.of());
  }
}
