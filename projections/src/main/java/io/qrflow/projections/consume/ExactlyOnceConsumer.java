package io.qrflow.projections.consume;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.publish.KafkaSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Runs a consumer service so that no message is applied twice and none is lost: each message's
 * rows, its event id and the partition's next offset commit in one PostgreSQL transaction, and
 * offsets are read back from PostgreSQL when partitions are assigned (Kafka's own commits are
 * not used). A redelivered message (same offset after a crash, or the same event id published
 * twice) changes nothing. Partitions are consumed in parallel, each in order, one message at a
 * time (back-pressure). Poison messages go to the dead-letter table; infrastructure failures
 * restart the stream with exponential backoff.
 */
public final class ExactlyOnceConsumer {

  private static final Logger log = LoggerFactory.getLogger(ExactlyOnceConsumer.class);
  private static final String BLOCKING = "qrflow.kafka.consumer-dispatcher";

  /** Consumer tuning from {@code qrflow.kafka.consumers}. */
  public record Settings(int maxPartitions, Duration minBackoff, Duration maxBackoff,
      Duration batchWindow, int transientAttempts, Duration transientPause,
      Duration processedRetention, Duration pruneInterval, int pruneChunk) {
    public static Settings fromConfig(com.typesafe.config.Config config) {
      var c = config.getConfig("qrflow.kafka.consumers");
      return new Settings(c.getInt("max-partitions"), c.getDuration("min-backoff"),
          c.getDuration("max-backoff"), c.getDuration("batch-window"),
          c.getInt("transient-attempts"), c.getDuration("transient-pause"),
          c.getDuration("processed-retention"), c.getDuration("prune-interval"), c.getInt("prune-chunk"));
    }
  }

  private ExactlyOnceConsumer() {}

  /** Starts the service's stream; it stops in coordinated shutdown or by the returned handle. */
  public static RunningConsumer start(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource,
      ConsumerDefinition service) {
    Settings settings = Settings.fromConfig(system.settings().config());
    ExecutionContextExecutor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING));
    var bookkeeping = new ConsumerBookkeeping(service.group(), service.schema());
    var consumerSettings = ConsumerSettings.create(system, new StringDeserializer(), new ByteArrayDeserializer())
        .withBootstrapServers(kafka.bootstrapServers())
        .withGroupId(service.group())
        .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    var restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), 0.2);
    var gate = new RunningConsumer.Gate();

    Pair<UniqueKillSwitch, CompletionStage<Done>> stream = RestartSource.onFailuresWithBackoff(restart, () ->
            Consumer.plainPartitionedManualOffsetSource(
                    consumerSettings,
                    Subscriptions.topics(service.topics()),
                    partitions -> offsets(dataSource, bookkeeping, partitions, blocking))
                .flatMapMerge(settings.maxPartitions(), partition -> partition.second()
                    .groupedWithin(service.maxBatch(partition.first().topic()), settings.batchWindow())
                    .mapAsync(1, records -> CompletableFuture.runAsync(
                        () -> gate.whileOpen(() -> retryingTransientFailures(settings,
                            () -> applyBatch(dataSource, bookkeeping, service, records))),
                        blocking))))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.both())
        .run(system);
    var running = new RunningConsumer(service.group(), gate, stream.first(), stream.second());
    Cancellable pruning = system.scheduler().scheduleWithFixedDelay(settings.pruneInterval(),
        settings.pruneInterval(), () -> prune(dataSource, bookkeeping, service, settings), blocking);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(),
        "stop-consumer-" + service.group(), () -> {
          pruning.cancel();
          stream.first().shutdown();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    return running;
  }

  private static void prune(DataSource dataSource, ConsumerBookkeeping bookkeeping,
      ConsumerDefinition service, Settings settings) {
    try {
      long deleted = bookkeeping.prune(dataSource, settings.processedRetention(), settings.pruneChunk());
      if (deleted > 0) log.info("consumer {}: pruned {} applied event ids", service.group(), deleted);
    } catch (SQLException e) {
      log.warn("consumer {}: pruning applied event ids failed: {}", service.group(), e.getMessage());
    }
  }

  private static CompletionStage<Map<TopicPartition, Object>> offsets(DataSource dataSource,
      ConsumerBookkeeping bookkeeping, Set<TopicPartition> partitions, Executor blocking) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Map.<TopicPartition, Object>copyOf(bookkeeping.offsets(dataSource, partitions));
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }

  /**
   * Up to {@code maxBatch} messages of one partition in one transaction: new event ids, the
   * handler's rows and the last offset commit together. If one message cannot be applied, the
   * batch is rolled back and its messages are applied one by one (the bad one to dead letters).
   */
  static void applyBatch(DataSource dataSource, ConsumerBookkeeping bookkeeping, ConsumerDefinition service,
      List<ConsumerRecord<String, byte[]>> records) {
    if (records.size() > 1) {
      try (Connection c = dataSource.getConnection()) {
        begin(c);
        try {
          List<JsonNode> envelopes = new ArrayList<>();
          for (var record : records) envelopes.add(envelope(record));
          Set<String> fresh = bookkeeping.firstDeliveries(c, records.get(0).topic(),
              envelopes.stream().map(e -> e.get("eventId").asText()).toList());
          List<MessageHandler.Message> messages = new ArrayList<>();
          for (int i = 0; i < records.size(); i++) {
            // remove: the same event id twice in one batch is applied once
            if (fresh.remove(envelopes.get(i).get("eventId").asText())) {
              messages.add(new MessageHandler.Message(records.get(i).topic(), envelopes.get(i)));
            }
          }
          service.handler().applyAll(c, messages);
          bookkeeping.advance(c, records.get(records.size() - 1));
          c.commit();
          return;
        } catch (PoisonMessage | SQLException e) {
          c.rollback();
          if (e instanceof SQLException sql && !isCausedByTheMessage(sql)) throw sql;
        }
      } catch (SQLException e) {
        ConsumerStatus.failed(service.group(), "database: " + e.getMessage());
        throw new CompletionException(e);
      }
    }
    for (var record : records) apply(dataSource, bookkeeping, service, record);
  }

  /**
   * Runs {@code transaction} again when the database rolled it back for a deadlock or a
   * serialization failure (SQLSTATE class 40): nothing of it was written, and another try usually
   * passes once the competing partition's transaction has committed.
   */
  static void retryingTransientFailures(Settings settings, Runnable transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        transaction.run();
        return;
      } catch (CompletionException e) {
        if (attempt >= settings.transientAttempts() || !(e.getCause() instanceof SQLException sql)
            || sql.getSQLState() == null || !sql.getSQLState().startsWith("40")) {
          throw e;
        }
        log.info("consumer transaction rolled back ({}), attempt {} of {}", sql.getSQLState(),
            attempt, settings.transientAttempts());
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(1, settings.transientPause().toMillis() + 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * A row inserted by another partition's transaction at the same moment (say, a login and its
   * registration) fails one insert with a unique violation although the message is fine; run
   * again, the insert finds the row and updates it. Tried this often before dead letters.
   */
  static final int RACE_ATTEMPTS = 3;

  /** One message, one transaction. Throws (and so restarts the stream) only for SQL trouble. */
  static void apply(DataSource dataSource, ConsumerBookkeeping bookkeeping, ConsumerDefinition service,
      ConsumerRecord<String, byte[]> record) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        begin(c);
        try {
          JsonNode envelope = envelope(record);
          if (bookkeeping.firstDelivery(c, record.topic(), envelope.get("eventId").asText())) {
            service.handler().apply(c, record.topic(), envelope);
          }
          bookkeeping.advance(c, record);
          c.commit();
          return;
        } catch (PoisonMessage | SQLException e) {
          c.rollback();
          if (e instanceof SQLException sql && !isCausedByTheMessage(sql)) throw sql;
          if (e instanceof SQLException sql && isConcurrentInsert(sql) && attempt < RACE_ATTEMPTS) {
            continue;
          }
          String reason = e.getMessage();
          log.warn("consumer {}: {}-{}@{} goes to dead letters: {}", service.group(), record.topic(),
              record.partition(), record.offset(), reason);
          ConsumerStatus.failed(service.group(), reason);
          bookkeeping.deadLetter(c, record, reason);
          bookkeeping.advance(c, record);
          c.commit();
          return;
        }
      } catch (SQLException e) {
        ConsumerStatus.failed(service.group(), "database: " + e.getMessage());
        throw new CompletionException(e);
      }
    }
  }

  /**
   * Offsets and rows commit together and Kafka keeps the messages: a commit lost in a crash of the
   * database is consumed again, so the transaction does not wait for its WAL flush.
   */
  private static void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (var s = c.createStatement()) {
      s.execute("SET LOCAL synchronous_commit TO OFF");
    }
  }

  private static final String UNIQUE_VIOLATION = "23505";

  private static boolean isConcurrentInsert(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  private static JsonNode envelope(ConsumerRecord<String, byte[]> record) throws PoisonMessage {
    JsonNode envelope;
    try {
      envelope = record.value() == null ? null : ContractJson.MAPPER.readTree(record.value());
    } catch (IOException e) {
      throw new PoisonMessage("not JSON: " + e.getMessage());
    }
    if (envelope == null || !envelope.path("eventId").isTextual() || !envelope.path("payload").isObject()) {
      throw new PoisonMessage("not an envelope with eventId and payload");
    }
    return envelope;
  }

  /**
   * Data exceptions (SQLSTATE class 22) and constraint violations (23) come from what the message
   * says and will fail the same way on every retry; anything else (connections, 08) is ours.
   */
  private static boolean isCausedByTheMessage(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }
}
