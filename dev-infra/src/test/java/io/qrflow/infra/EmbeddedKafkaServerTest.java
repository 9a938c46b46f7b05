package io.qrflow.infra;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 180, unit = SECONDS)
class EmbeddedKafkaServerTest {

  private static final long FUTURE_TIMEOUT_SECONDS = 30;
  private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(60);
  private static final String TOPIC = "qr.scanned";
  private static final int RECORDS = 100;

  @TempDir Path tmp;

  @Test
  void recordsRoundTripAndSurviveARestartOnTheSameLogDirectory() throws Exception {
    Path logDir = tmp.resolve("kafka");
    Map<String, String> sent = new TreeMap<>();
    for (int i = 0; i < RECORDS; i++) {
      sent.put("qr-" + i, "{\"scan\":" + i + ",\"text\":\"héllo ✓\"}");
    }
    int port;
    String clusterId;

    try (var server = EmbeddedKafkaServer.start(logDir, 0)) {
      port = server.port();
      assertEquals("127.0.0.1:" + port, server.bootstrapServers());
      assertTrue(Files.exists(logDir.resolve("meta.properties")), "log directory formatted");
      try (Admin admin = admin(server)) {
        clusterId = admin.describeCluster().clusterId().get(FUTURE_TIMEOUT_SECONDS, SECONDS);
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)))
            .all().get(FUTURE_TIMEOUT_SECONDS, SECONDS);
        assertEquals(3, describe(admin, TOPIC).partitions().size());
      }

      Set<Integer> partitions = new HashSet<>();
      try (var producer = producer(server)) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        sent.forEach((k, v) -> acks.add(producer.send(new ProducerRecord<>(TOPIC, k, v))));
        for (Future<RecordMetadata> ack : acks) {
          partitions.add(ack.get(FUTURE_TIMEOUT_SECONDS, SECONDS).partition());
        }
      }
      assertEquals(Set.of(0, 1, 2), partitions, "keys spread over the 3 partitions");

      assertEquals(sent, consumeAll(server, "group-before-restart", RECORDS, true));

      server.close();
      server.close(); // idempotent
      assertPortFree(port);
    }

    // The same directory again (and the same port, which close() freed): nothing is lost.
    try (var server = EmbeddedKafkaServer.start(logDir, port)) {
      assertEquals(port, server.port());
      try (Admin admin = admin(server)) {
        assertEquals(clusterId, admin.describeCluster().clusterId().get(FUTURE_TIMEOUT_SECONDS, SECONDS),
            "log directory reused, not formatted again");
        assertTrue(admin.listTopics().names().get(FUTURE_TIMEOUT_SECONDS, SECONDS).contains(TOPIC));
        assertEquals(3, describe(admin, TOPIC).partitions().size());
        Map<TopicPartition, OffsetAndMetadata> committed = admin
            .listConsumerGroupOffsets("group-before-restart")
            .partitionsToOffsetAndMetadata().get(FUTURE_TIMEOUT_SECONDS, SECONDS);
        assertEquals(RECORDS, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum(),
            "committed offsets survive too: " + committed);
      }
      assertEquals(sent, consumeAll(server, "group-after-restart", RECORDS, false));
    }
  }

  @Test
  void twoBrokersOnFreePortsRunSideBySide() throws Exception {
    try (var a = EmbeddedKafkaServer.start(tmp.resolve("a"), 0);
        var b = EmbeddedKafkaServer.start(tmp.resolve("b"), 0)) {
      assertNotEquals(a.port(), b.port());
      for (var server : List.of(a, b)) {
        try (Admin admin = admin(server)) {
          admin.createTopics(List.of(new NewTopic("only." + server.port(), 1, (short) 1)))
              .all().get(FUTURE_TIMEOUT_SECONDS, SECONDS);
        }
        try (var producer = producer(server)) {
          producer.send(new ProducerRecord<>("only." + server.port(), "k", server.bootstrapServers()))
              .get(FUTURE_TIMEOUT_SECONDS, SECONDS);
        }
      }
      for (var server : List.of(a, b)) {
        try (Admin admin = admin(server)) {
          assertEquals(Set.of("only." + server.port()),
              admin.listTopics().names().get(FUTURE_TIMEOUT_SECONDS, SECONDS), "separate clusters");
        }
        try (var consumer = consumer(server, "g")) {
          consumer.subscribe(List.of("only." + server.port()));
          Map<String, String> got = poll(consumer, 1);
          assertEquals(Map.of("k", server.bootstrapServers()), got);
        }
      }
    }
  }

  @Test
  void aBusyPortFailsTheStartAndLeavesNothingBehind() throws Exception {
    try (var busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      var e = assertThrows(IllegalStateException.class,
          () -> EmbeddedKafkaServer.start(tmp.resolve("busy"), busy.getLocalPort()));
      assertTrue(e.getMessage().contains(String.valueOf(busy.getLocalPort())), e.getMessage());
    }
    try (var server = EmbeddedKafkaServer.start(tmp.resolve("busy"), 0); Admin admin = admin(server)) {
      assertEquals(Set.of(), admin.listTopics().names().get(FUTURE_TIMEOUT_SECONDS, SECONDS));
    }
  }

  private static Map<String, String> consumeAll(
      EmbeddedKafkaServer server, String group, int expected, boolean commit) {
    try (var consumer = consumer(server, group)) {
      consumer.subscribe(List.of(TOPIC));
      Map<String, String> got = poll(consumer, expected);
      if (commit) {
        consumer.commitSync(Duration.ofSeconds(FUTURE_TIMEOUT_SECONDS));
      }
      return got;
    }
  }

  /** Polls until {@code expected} records arrived (failing on a duplicate key) or the time is up. */
  private static Map<String, String> poll(KafkaConsumer<String, String> consumer, int expected) {
    Map<String, String> got = new TreeMap<>();
    long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
    while (got.size() < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
        String previous = got.put(r.key(), r.value());
        assertEquals(null, previous, "record " + r.key() + " delivered twice");
      }
    }
    assertEquals(expected, got.size(), "records consumed within " + CONSUME_TIMEOUT);
    return got;
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames()
        .get(FUTURE_TIMEOUT_SECONDS, SECONDS).get(topic);
  }

  private static Admin admin(EmbeddedKafkaServer server) {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaServer server) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000),
        new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(EmbeddedKafkaServer server, String group) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
        new StringDeserializer(), new StringDeserializer());
  }

  private static void assertPortFree(int port) throws IOException {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    }
  }
}
