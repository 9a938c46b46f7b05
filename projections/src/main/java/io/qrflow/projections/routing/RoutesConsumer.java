package io.qrflow.projections.routing;

import static io.qrflow.projections.consume.PayloadFields.instant;
import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.jdbc.Sql;
import io.qrflow.projections.contracts.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Set;

/**
 * The routing service's route table {@code routing_db.routes} (code → target, status), kept from
 * qr.created / qr.updated / qr.deleted. Edges warm their route caches from it at start.
 */
public final class RoutesConsumer {

  public static final String GROUP = "routing";

  private RoutesConsumer() {}

  public static ConsumerDefinition definition() {
    return new ConsumerDefinition(GROUP, "routing_db",
        Set.of(Topics.QR_CREATED, Topics.QR_UPDATED, Topics.QR_DELETED), RoutesConsumer::apply);
  }

  static void apply(Connection c, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
    JsonNode p = envelope.get("payload");
    String code = text(p, "code");
    switch (topic) {
      case Topics.QR_CREATED -> Sql.update(c, "INSERT INTO routing_db.routes(code, owner_id, target,"
              + " status, updated_at) VALUES (?, ?, ?, 'ACTIVE', ?) ON CONFLICT (code) DO NOTHING",
          code, uuid(p, "ownerId"), text(p, "target"), instant(p, "createdAt"));
      case Topics.QR_UPDATED -> {
        String change = text(p, "change");
        switch (change) {
          case "target" -> Sql.update(c, "UPDATE routing_db.routes SET target = ?, updated_at = ? WHERE code = ?",
              text(p, "target"), instant(p, "updatedAt"), code);
          case "paused" -> status(c, code, "PAUSED", instant(p, "updatedAt"));
          case "resumed" -> status(c, code, "ACTIVE", instant(p, "updatedAt"));
          case "details" -> { } // titles and tags do not route anything
          default -> throw new PoisonMessage("unknown qr.updated change '" + change + "'");
        }
      }
      case Topics.QR_DELETED -> status(c, code, "ARCHIVED", instant(p, "deletedAt"));
      default -> throw new PoisonMessage("not a routing topic: " + topic);
    }
  }

  private static void status(Connection c, String code, String status, Timestamp at) throws SQLException {
    Sql.update(c, "UPDATE routing_db.routes SET status = ?, updated_at = ? WHERE code = ?", status, at, code);
  }
}
