package io.qrflow.projections.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.PayloadFields;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Consumer group {@code webhooks}: every message of a topic an owner may subscribe to becomes one
 * pending delivery per active endpoint of that owner subscribed to the topic, in the consumer
 * transaction. An {@code insights.alert} whose workflow chose an endpoint is also queued for that
 * endpoint. The unique (endpoint, event id) pair makes queueing idempotent.
 */
public final class WebhooksConsumer {

  public static final String GROUP = "webhooks";
  public static final String SCHEMA = "integrations_db";

  /** Topics whose payload names the owner ({@code ownerId}): what endpoints may subscribe to. */
  public static final Set<String> OWNED_TOPICS = Set.of(Topics.QR_CREATED, Topics.QR_UPDATED,
      Topics.QR_DELETED, Topics.QR_SCANNED, Topics.MICROSITE_CREATED, Topics.MICROSITE_PUBLISHED,
      Topics.ML_GENERATION_COMPLETE, Topics.ML_ANOMALY_DETECTED, Topics.INSIGHTS_ALERT);

  private WebhooksConsumer() {}

  public static ConsumerDefinition definition(Clock clock) {
    return new ConsumerDefinition(GROUP, SCHEMA, OWNED_TOPICS,
        (c, topic, envelope) -> enqueue(c, topic, envelope, clock));
  }

  static void enqueue(Connection c, String topic, JsonNode envelope, Clock clock)
      throws SQLException, PoisonMessage {
    UUID owner = PayloadFields.uuid(envelope.get("payload"), "ownerId");
    String eventId = envelope.get("eventId").asText();
    String body;
    try {
      body = ContractJson.MAPPER.writeValueAsString(envelope);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PoisonMessage("envelope cannot be written back: " + e.getMessage());
    }
    UUID chosen = chosenEndpoint(topic, envelope.get("payload"));
    Timestamp now = Timestamp.from(clock.instant());
    try (PreparedStatement s = c.prepareStatement("INSERT INTO integrations_db.webhook_deliveries"
        + "(id, endpoint_id, owner_id, event_id, topic, body, status, next_attempt_at, created_at)"
        + " SELECT md5(e.id::text || ?)::uuid, e.id, e.owner_id, ?, ?, ?, 'pending', ?, ?"
        + " FROM integrations_db.webhook_endpoints e WHERE e.owner_id = ? AND e.active"
        + " AND (? = ANY(e.topics) OR e.id = ?) ON CONFLICT (endpoint_id, event_id) DO NOTHING")) {
      s.setString(1, eventId);
      s.setString(2, eventId);
      s.setString(3, topic);
      s.setString(4, body);
      s.setTimestamp(5, now);
      s.setTimestamp(6, now);
      s.setObject(7, owner);
      s.setString(8, topic);
      s.setObject(9, chosen);
      s.executeUpdate();
    }
  }

  /** The endpoint an insights workflow's webhook action names, if any. */
  private static UUID chosenEndpoint(String topic, JsonNode payload) throws PoisonMessage {
    if (!Topics.INSIGHTS_ALERT.equals(topic)) return null;
    JsonNode endpoint = payload.get("webhookEndpointId");
    if (endpoint == null || endpoint.isNull()) return null;
    return PayloadFields.uuid(payload, "webhookEndpointId");
  }
}
