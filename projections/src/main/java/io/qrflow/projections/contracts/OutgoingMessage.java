package io.qrflow.projections.contracts;

/** A message ready for a topic: the key is the entity id, the value the envelope. */
public record OutgoingMessage(String topic, String key, Envelope<?> value) {}
