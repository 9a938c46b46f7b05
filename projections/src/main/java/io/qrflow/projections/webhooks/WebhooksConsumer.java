package io.qrflow.projections.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.MessageHandler;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Consumer group {@code webhooks}: every message of a topic an owner may subscribe to becomes one
 * pending delivery per active endpoint of that owner subscribed to the topic, in the consumer
 * transaction. An {@code insights.alert} whose workflow chose an endpoint is also queued for that
 * endpoint. The unique (endpoint, event id) pair makes queueing idempotent. Messages come in
 * batches; see {@link DeliveryQueue}.
 */
public final class WebhooksConsumer {

  public static final String GROUP = "webhooks";
  public static final String SCHEMA = "integrations_db";

  /** Topics whose payload names the owner ({@code ownerId}): what endpoints may subscribe to. */
  public static final Set<String> OWNED_TOPICS = Set.of(Topics.QR_CREATED, Topics.QR_UPDATED,
      Topics.QR_DELETED, Topics.QR_SCANNED, Topics.MICROSITE_CREATED, Topics.MICROSITE_PUBLISHED,
      Topics.ML_GENERATION_COMPLETE, Topics.ML_ANOMALY_DETECTED, Topics.INSIGHTS_ALERT);

  /** Messages of one partition queued in one transaction. */
  static final int MAX_BATCH = 500;

  private record Handler(Clock clock) implements MessageHandler {
    @Override
    public void apply(Connection c, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
      enqueue(c, topic, envelope, clock);
    }

    @Override
    public void applyAll(Connection c, List<Message> messages) throws SQLException, PoisonMessage {
      DeliveryQueue.enqueueAll(c, messages, clock);
    }
  }

  private WebhooksConsumer() {}

  public static ConsumerDefinition definition(Clock clock) {
    return new ConsumerDefinition(GROUP, SCHEMA, OWNED_TOPICS, new Handler(clock), MAX_BATCH);
  }

  static void enqueue(Connection c, String topic, JsonNode envelope, Clock clock)
      throws SQLException, PoisonMessage {
    DeliveryQueue.enqueue(c, topic, envelope, clock);
  }
}
