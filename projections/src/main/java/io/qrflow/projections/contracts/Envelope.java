package io.qrflow.projections.contracts;

import java.time.Instant;

/**
 * What every Kafka message carries: {@code eventId} is unique and the same on every redelivery
 * (persistence id, sequence number and, for expanded batches, the index in the batch), {@code
 * key} is the entity id (also the Kafka key, so one entity's messages stay in order), {@code
 * payload} is one of the records in {@link Payloads}.
 */
public record Envelope<P>(
    String eventId, String type, int version, Instant occurredAt, String key, P payload) {}
