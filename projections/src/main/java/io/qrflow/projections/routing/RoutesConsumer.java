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
import java.util.UUID;

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
    UUID owner = uuid(p, "ownerId");
    switch (topic) {
      case Topics.QR_CREATED -> {
        Timestamp at = instant(p, "createdAt");
        setTarget(c, code, owner, text(p, "target"), at);
        setStatus(c, code, owner, "ACTIVE", at);
      }
      case Topics.QR_UPDATED -> {
        String change = text(p, "change");
        Timestamp at = instant(p, "updatedAt");
        switch (change) {
          case "target" -> setTarget(c, code, owner, text(p, "target"), at);
          case "paused" -> setStatus(c, code, owner, "PAUSED", at);
          case "resumed" -> setStatus(c, code, owner, "ACTIVE", at);
          case "details" -> { } // titles and tags do not route anything
          default -> throw new PoisonMessage("unknown qr.updated change '" + change + "'");
        }
      }
      case Topics.QR_DELETED -> setStatus(c, code, owner, "ARCHIVED", instant(p, "deletedAt"));
      default -> throw new PoisonMessage("not a routing topic: " + topic);
    }
  }

  /**
   * Messages of one code may arrive out of order across topics: a row is started by whichever
   * comes first, and a field only takes a change newer than the one it holds (one code has one
   * writer, so its event times are ordered).
   */
  private static void setTarget(Connection c, String code, UUID owner, String target, Timestamp at)
      throws SQLException {
    Sql.update(c, "INSERT INTO routing_db.routes(code, owner_id, target, target_changed_at, updated_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET target = EXCLUDED.target,"
        + " target_changed_at = EXCLUDED.target_changed_at,"
        + " updated_at = GREATEST(routing_db.routes.updated_at, EXCLUDED.updated_at)"
        + " WHERE routing_db.routes.target_changed_at IS NULL"
        + " OR routing_db.routes.target_changed_at < EXCLUDED.target_changed_at",
        code, owner, target, at, at);
  }

  private static void setStatus(Connection c, String code, UUID owner, String status, Timestamp at)
      throws SQLException {
    Sql.update(c, "INSERT INTO routing_db.routes(code, owner_id, status, status_changed_at, updated_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET status = EXCLUDED.status,"
        + " status_changed_at = EXCLUDED.status_changed_at,"
        + " updated_at = GREATEST(routing_db.routes.updated_at, EXCLUDED.updated_at)"
        + " WHERE routing_db.routes.status_changed_at IS NULL"
        + " OR routing_db.routes.status_changed_at < EXCLUDED.status_changed_at",
        code, owner, status, at, at);
  }
}
