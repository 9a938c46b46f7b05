package io.qrflow.projections.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.EmbeddedKafkaServer;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.insights.Insights;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.publish.TopicAdmin;
import io.qrflow.projections.webhooks.Webhooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Real PostgreSQL (migrated) and a real KRaft broker with the 13 topics, and an actor system
 * running the webhook service (system clock) and the insights service (on {@link #INSIGHTS_CLOCK}),
 * shared by this module's service tests and stopped at JVM exit. Webhooks may target 127.0.0.1;
 * receivers' certificates are checked against {@link TestTls}'s trust store.
 */
public final class ServiceFixture {

  public static final MutableClock INSIGHTS_CLOCK = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private static final Duration EVENTUALLY = Duration.ofSeconds(30);
  private static ServiceFixture shared;

  public final HikariDataSource pool;
  public final String bootstrap;
  public final ActorSystem<Void> system;
  private final KafkaProducer<String, byte[]> producer;

  private ServiceFixture(HikariDataSource pool, String bootstrap, ActorSystem<Void> system) {
    this.pool = pool;
    this.bootstrap = bootstrap;
    this.system = system;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
  }

  public static synchronized ServiceFixture get() {
    if (shared != null) return shared;
    try {
      Path dir = Files.createTempDirectory("qrflow-services");
      var postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
      HikariDataSource pool = Database.pool(postgres.settings(8), "services-test");
      Database.migrate(pool);
      var kafkaServer = EmbeddedKafkaServer.start(dir.resolve("kafka"), 0);
      var kafka = new KafkaSettings(kafkaServer.bootstrapServers(), 2, (short) 1);
      TopicAdmin.ensureTopics(kafka);
      var config = ConfigFactory.parseMap(Map.ofEntries(
              Map.entry("qrflow.kafka.bootstrap-servers", kafka.bootstrapServers()),
              Map.entry("pekko.remote.artery.canonical.port", 0),
              Map.entry("qrflow.webhooks.allow-hosts", List.of("127.0.0.1")),
              Map.entry("qrflow.webhooks.poll-interval", "100ms"),
              Map.entry("qrflow.webhooks.initial-backoff", "200ms"),
              Map.entry("qrflow.webhooks.max-attempts", 4),
              Map.entry("qrflow.webhooks.request-timeout", "3s"),
              Map.entry("qrflow.webhooks.trust-store.path", TestTls.get().trustStore.toString()),
              Map.entry("qrflow.webhooks.trust-store.password", TestTls.PASSWORD),
              Map.entry("qrflow.insights.digest-interval", "100ms"),
              Map.entry("qrflow.insights.relay-interval", "100ms")))
          .withFallback(ConfigFactory.load());
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "services-test", config);
      Webhooks.start(system, kafka, pool, Clock.systemUTC());
      Insights.start(system, kafka, pool, INSIGHTS_CLOCK);
      shared = new ServiceFixture(pool, kafka.bootstrapServers(), system);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        system.terminate();
        try {
          system.getWhenTerminated().toCompletableFuture().get();
        } catch (Exception ignored) {
          // stopping anyway
        }
        shared.producer.close();
        pool.close();
        kafkaServer.close();
        postgres.close();
      }));
      return shared;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends an envelope as a publisher would (key = envelope key), waiting for the broker's ack. */
  public void publish(String topic, Envelope<?> envelope) {
    try {
      producer.send(new ProducerRecord<>(topic, envelope.key(), ContractJson.bytes(envelope))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every message of a topic so far, in partition order. */
  public List<JsonNode> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<JsonNode> all = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          all.add(ContractJson.MAPPER.readTree(record.value()));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return all;
  }

  /** The rows of a query, each as its columns' text joined with '|'. */
  public List<String> rows(String sql, Object... params) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= columns; i++) row.append(i > 1 ? "|" : "").append(rs.getString(i));
          rows.add(row.toString());
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T eventually(Supplier<T> probe) {
    long deadline = System.nanoTime() + EVENTUALLY.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) return value;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("not reached within " + EVENTUALLY);
  }
}
