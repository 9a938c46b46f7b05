package io.qrflow.projections.ml;

import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.OutgoingMessage;
import io.qrflow.projections.publish.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The ml service's idempotent producer (acks=all). {@link #sendAndWait} returns only when Kafka
 * has the message, so the consumer's transaction commits after the output is safe; a crash in
 * between produces it again with the same event id, which consumers drop.
 */
final class MlProducer {

  private final KafkaProducer<String, byte[]> producer;
  private final Duration timeout;

  MlProducer(ActorSystem<?> system, KafkaSettings kafka, Duration timeout) {
    this.timeout = timeout;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.CLIENT_ID_CONFIG, "qrflow-ml"), new StringSerializer(), new ByteArraySerializer());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseClusterShutdown(),
        "close-ml-producer", () -> CompletableFuture.supplyAsync(() -> {
          producer.close(timeout);
          return Done.getInstance();
        }));
  }

  /** Blocks until acknowledged; a failure is thrown, so the message is consumed again later. */
  void sendAndWait(OutgoingMessage message) {
    try {
      producer.send(new ProducerRecord<>(message.topic(), message.key(), ContractJson.bytes(message.value())))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge " + message.topic(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    }
  }
}
