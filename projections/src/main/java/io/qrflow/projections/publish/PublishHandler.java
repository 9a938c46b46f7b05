package io.qrflow.projections.publish;

import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.OutgoingMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Sends the messages of one journal event and completes when Kafka has acknowledged all of them
 * (acks=all); only then may the projection move its offset past the event.
 */
final class PublishHandler<E> extends Handler<EventEnvelope<E>> {

  private final OrderedSender producer;
  private final EventPublisher<E> publisher;

  PublishHandler(OrderedSender producer, EventPublisher<E> publisher) {
    this.producer = producer;
    this.publisher = publisher;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<E> envelope) {
    List<OutgoingMessage> messages =
        publisher.messages(envelope.persistenceId(), envelope.sequenceNr(), envelope.event());
    // Sent in order from this thread; one key per entity, so they stay in order per entity.
    CompletableFuture<?>[] sends = messages.stream()
        .map(m -> producer.send(new ProducerRecord<>(m.topic(), m.key(), ContractJson.bytes(m.value()))))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(sends).thenApply(sent -> Done.getInstance());
  }
}
