package io.qrflow.projections.publish;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.pekko.Done;

/**
 * Sends records in exactly the order {@link #send} is called. Pekko's SendProducer hands each
 * send to the dispatcher, so two sends in a row may reach Kafka swapped; this calls the
 * (thread-safe) KafkaProducer directly, and an idempotent producer keeps per-partition order.
 */
public final class OrderedSender implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, byte[]> producer;
  private final Runnable onFailure;

  OrderedSender(Producer<String, byte[]> producer) {
    this(producer, () -> { });
  }

  /** {@code onFailure} runs for every record the broker did not take (counted as a metric). */
  OrderedSender(Producer<String, byte[]> producer, Runnable onFailure) {
    this.producer = producer;
    this.onFailure = onFailure;
  }

  /** Completes when the broker acknowledged the record (acks=all). */
  public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    var acknowledged = new CompletableFuture<RecordMetadata>();
    producer.send(record, (metadata, failure) -> {
      if (failure != null) {
        onFailure.run();
        acknowledged.completeExceptionally(failure);
      } else {
        acknowledged.complete(metadata);
      }
    });
    return acknowledged;
  }

  /** Flushes what is in flight and closes; blocking, so run off the dispatcher. */
  CompletionStage<Done> closeAsync() {
    return CompletableFuture.supplyAsync(() -> {
      close();
      return Done.getInstance();
    });
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
