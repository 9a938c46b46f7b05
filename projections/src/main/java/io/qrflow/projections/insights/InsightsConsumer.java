package io.qrflow.projections.insights;

import static io.qrflow.projections.consume.PayloadFields.instant;
import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.BatchHandler;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Consumer group {@code insights}: keeps the service's aggregates and evaluates event triggers in
 * the consumer transaction, so a firing and the message that caused it commit together. qr.created
 * is read too, for the tags that tag-based thresholds match on. Scans come in batches of a partition
 * ({@link ScanFold}, {@link WorkflowTriggers#forScans}).
 */
public final class InsightsConsumer {

  public static final String GROUP = "insights";
  public static final String SCHEMA = "workflow_db";

  private InsightsConsumer() {}

  /** Scans of a partition are folded together in batches of up to this many messages. */
  static final int MAX_BATCH = 500;

  public static ConsumerDefinition definition() {
    return new ConsumerDefinition(GROUP, SCHEMA, Set.of(Topics.QR_CREATED, Topics.QR_SCANNED,
        Topics.QR_UPDATED, Topics.QR_DELETED, Topics.USER_LOGGED_IN, Topics.ML_ANOMALY_DETECTED),
        new Handler(), MAX_BATCH);
  }

  private static final class Handler implements BatchHandler {

    /** Runs of scans are folded; other messages keep their place between them. */
    @Override
    public void applyAll(Connection c, List<Message> messages) throws SQLException, PoisonMessage {
      List<ScanFold.Scan> scans = new ArrayList<>();
      for (Message m : messages) {
        if (m.topic().equals(Topics.QR_SCANNED)) {
          scans.add(ScanFold.Scan.of(m.envelope()));
        } else {
          scans(c, scans);
          scans.clear();
          other(c, m.topic(), m.envelope());
        }
      }
      scans(c, scans);
    }
  }

  /** Applies a run of scans: aggregates and the triggers they fire, in the caller's transaction. */
  static void scans(Connection c, List<ScanFold.Scan> scans) throws SQLException {
    if (scans.isEmpty()) return;
    var triggers = WorkflowTriggers.forScans(c, scans);
    triggers.fire(c, ScanFold.write(c, scans));
  }

  private static void other(Connection c, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
    JsonNode p = envelope.get("payload");
    String eventId = envelope.get("eventId").asText();
    switch (topic) {
      case Topics.QR_CREATED -> ScanAggregates.tags(c, text(p, "code"), uuid(p, "ownerId"),
          tags(p), instant(p, "createdAt").toInstant());
      case Topics.QR_UPDATED -> {
        if ("details".equals(text(p, "change"))) {
          ScanAggregates.tags(c, text(p, "code"), uuid(p, "ownerId"), tags(p),
              instant(p, "updatedAt").toInstant());
        }
      }
      case Topics.QR_DELETED -> ScanAggregates.deleted(c, text(p, "code"), uuid(p, "ownerId"),
          instant(p, "deletedAt").toInstant());
      case Topics.USER_LOGGED_IN -> LoginClients.seen(c, uuid(p, "userId"), text(p, "client"), instant(p, "loggedInAt"));
      case Topics.ML_ANOMALY_DETECTED -> anomaly(c, p, eventId);
      default -> throw new PoisonMessage("not an insights topic: " + topic);
    }
  }

  private static void anomaly(Connection c, JsonNode p, String eventId) throws SQLException, PoisonMessage {
    UUID owner = uuid(p, "ownerId");
    String code = text(p, "code");
    String kind = text(p, "kind");
    double observed = number(p, "observed");
    double expected = number(p, "expected");
    Timestamp end = instant(p, "windowEnd");
    Sql.update(c, "INSERT INTO workflow_db.insight_anomalies(event_id, owner_id, code, kind, score,"
        + " expected, observed, window_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        eventId, owner, code, kind, number(p, "score"), expected, observed, end);
    WorkflowTriggers.onAnomaly(c, owner, code, kind, observed, expected, end.toInstant(), eventId);
  }

  private static List<String> tags(JsonNode p) throws PoisonMessage {
    JsonNode tags = p.get("tags");
    if (tags == null || !tags.isArray()) throw new PoisonMessage("payload.tags is missing");
    List<String> values = new ArrayList<>();
    for (JsonNode tag : tags) values.add(tag.asText());
    return values;
  }

  private static double number(JsonNode p, String field) throws PoisonMessage {
    JsonNode value = p.get(field);
    if (value == null || !value.isNumber()) throw new PoisonMessage("payload." + field + " is missing");
    return value.asDouble();
  }
}
