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
 * Sends the messages of a group of journal events, in journal order, and completes when Kafka has
 * acknowledged all of them (acks=all); only then may the projection move its offset past the
 * group. Sending a group at once keeps many sends in flight instead of waiting per event.
 */
final class PublishHandler<E> extends Handler<List<EventEnvelope<E>>> {

  private final OrderedSender producer;
  private final EventPublisher<E> publisher;

  PublishHandler(OrderedSender producer, EventPublisher<E> publisher) {
    this.producer = producer;
    this.publisher = publisher;
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<E>> envelopes) {
    List<OutgoingMessage> messages = envelopes.stream()
        .flatMap(e -> publisher.messages(e.persistenceId(), e.sequenceNr(), e.event()).stream())
        .toList();
    // Sent in order from this thread; one key per entity, so they stay in order per entity.
    CompletableFuture<?>[] sends = messages.stream()
        .map(m -> producer.send(new ProducerRecord<>(m.topic(), m.key(), ContractJson.bytes(m.value()))))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(sends).thenApply(sent -> Done.getInstance());
  }
}
