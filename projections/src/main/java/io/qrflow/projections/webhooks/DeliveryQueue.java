package io.qrflow.projections.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.MessageHandler;
import io.qrflow.projections.consume.PayloadFields;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Queues the pending deliveries of a batch of messages in the consumer's transaction: one row per
 * message and active endpoint of its owner subscribed to its topic (or chosen by an alert).
 */
final class DeliveryQueue {

  private static final String INSERT = "INSERT INTO integrations_db.webhook_deliveries"
      + "(id, endpoint_id, owner_id, event_id, topic, body, status, next_attempt_at, created_at)"
      + " SELECT md5(e.id::text || ?)::uuid, e.id, e.owner_id, ?, ?, ?, 'pending', ?, ?"
      + " FROM integrations_db.webhook_endpoints e WHERE e.owner_id = ? AND e.active"
      + " AND (? = ANY(e.topics) OR e.id = ?) ON CONFLICT (endpoint_id, event_id) DO NOTHING";

  /** What a message queues by: its topic, event id, owner and the endpoint an alert chose. */
  private record Queued(String topic, String eventId, UUID owner, UUID chosen, JsonNode envelope) {
    static Queued of(String topic, JsonNode envelope) throws PoisonMessage {
      JsonNode payload = envelope.get("payload");
      return new Queued(topic, envelope.get("eventId").asText(),
          PayloadFields.uuid(payload, "ownerId"), chosenEndpoint(topic, payload), envelope);
    }
  }

  private DeliveryQueue() {}

  /** One message: its insert finds the owner's endpoints itself. */
  static void enqueue(Connection c, String topic, JsonNode envelope, Clock clock)
      throws SQLException, PoisonMessage {
    insert(c, List.of(Queued.of(topic, envelope)), clock);
  }

  /**
   * Most owners have no endpoint: one query finds the batch's owners that may get a delivery, and
   * only their messages are inserted, as one JDBC batch.
   */
  static void enqueueAll(Connection c, List<MessageHandler.Message> messages, Clock clock)
      throws SQLException, PoisonMessage {
    List<Queued> all = new ArrayList<>();
    for (var m : messages) all.add(Queued.of(m.topic(), m.envelope()));
    Set<UUID> subscribed = subscribedOwners(c, all);
    insert(c, all.stream().filter(q -> subscribed.contains(q.owner())).toList(), clock);
  }

  /** A superset is harmless here: the insert itself matches endpoints exactly. */
  private static Set<UUID> subscribedOwners(Connection c, List<Queued> queued) throws SQLException {
    Set<UUID> owners = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT owner_id"
        + " FROM integrations_db.webhook_endpoints WHERE active AND owner_id = ANY(?)"
        + " AND (topics && ? OR id = ANY(?))")) {
      s.setArray(1, c.createArrayOf("uuid", queued.stream().map(Queued::owner).distinct().toArray()));
      s.setArray(2, c.createArrayOf("text", queued.stream().map(Queued::topic).distinct().toArray()));
      s.setArray(3, c.createArrayOf("uuid",
          queued.stream().map(Queued::chosen).filter(Objects::nonNull).toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) owners.add(rs.getObject(1, UUID.class));
      }
    }
    return owners;
  }

  private static void insert(Connection c, List<Queued> queued, Clock clock)
      throws SQLException, PoisonMessage {
    if (queued.isEmpty()) return;
    Timestamp now = Timestamp.from(clock.instant());
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (Queued q : queued) {
        s.setString(1, q.eventId());
        s.setString(2, q.eventId());
        s.setString(3, q.topic());
        s.setString(4, body(q.envelope()));
        s.setTimestamp(5, now);
        s.setTimestamp(6, now);
        s.setObject(7, q.owner());
        s.setString(8, q.topic());
        s.setObject(9, q.chosen());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static String body(JsonNode envelope) throws PoisonMessage {
    try {
      return ContractJson.MAPPER.writeValueAsString(envelope);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PoisonMessage("envelope cannot be written back: " + e.getMessage());
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
