package io.qrflow.projections.publish;

import io.qrflow.projections.contracts.OutgoingMessage;
import java.util.List;

/** The mapping a publisher projection applies: one journal event to its outgoing messages. */
@FunctionalInterface
public interface EventPublisher<E> {
  List<OutgoingMessage> messages(String persistenceId, long sequenceNr, E event);
}
