package io.qrflow.projections.analytics;

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
 * The analytics service: folds every scan into per-code and per-owner rollups ({@link ScanRollups}),
 * keeps each code's owner, title and status, its changes (chart annotations), accounts, and
 * microsite views/clicks. Applied exactly once per event id by the consumer base.
 */
public final class AnalyticsConsumer {

  public static final String GROUP = "analytics";
  public static final String SCHEMA = "qr_analytics";

  private AnalyticsConsumer() {}

  /** Scans of a partition are folded together in batches of up to this many messages. */
  static final int MAX_BATCH = 1000;

  public static ConsumerDefinition definition() {
    var rollups = new ScanRollups(new UserAgents());
    return new ConsumerDefinition(GROUP, SCHEMA, Set.copyOf(AnalyticsTopics.INPUTS),
        new Handler(rollups), MAX_BATCH);
  }

  private record Handler(ScanRollups rollups) implements BatchHandler {

    @Override
    public void applyAll(Connection c, List<Message> messages) throws SQLException, PoisonMessage {
      List<JsonNode> scans = new ArrayList<>();
      for (Message m : messages) {
        if (m.topic().equals(Topics.QR_SCANNED)) scans.add(m.envelope().get("payload"));
        else other(rollups, c, m.topic(), m.envelope().get("payload"));
      }
      rollups.scans(c, scans);
    }
  }

  private static void other(ScanRollups rollups, Connection c, String topic, JsonNode p)
      throws SQLException, PoisonMessage {
    switch (topic) {
      case Topics.ANALYTICS_EVENT -> rollups.pageEvent(c, p);
      case Topics.QR_CREATED -> created(c, p);
      case Topics.QR_UPDATED -> updated(c, p);
      case Topics.QR_DELETED -> {
        Timestamp at = instant(p, "deletedAt");
        setStatus(c, text(p, "code"), uuid(p, "ownerId"), "archived", at);
        change(c, text(p, "code"), at, "archived");
      }
      case Topics.USER_REGISTERED -> Sql.update(c, "INSERT INTO qr_analytics.owners(owner_id,"
              + " registered_at) VALUES (?, ?) ON CONFLICT (owner_id) DO UPDATE"
              + " SET registered_at = EXCLUDED.registered_at",
          uuid(p, "userId"), instant(p, "registeredAt"));
      case Topics.USER_LOGGED_IN -> Sql.update(c, "INSERT INTO qr_analytics.owners(owner_id,"
              + " last_login_at, login_count) VALUES (?, ?, 1) ON CONFLICT (owner_id) DO UPDATE"
              + " SET last_login_at = GREATEST(qr_analytics.owners.last_login_at,"
              + " EXCLUDED.last_login_at), login_count = qr_analytics.owners.login_count + 1",
          uuid(p, "userId"), instant(p, "loggedInAt"));
      default -> throw new PoisonMessage("not an analytics topic: " + topic);
    }
  }

  private static void created(Connection c, JsonNode p) throws SQLException, PoisonMessage {
    String code = text(p, "code");
    UUID owner = uuid(p, "ownerId");
    Timestamp at = instant(p, "createdAt");
    Sql.update(c, "INSERT INTO qr_analytics.codes(code, owner_id, created_at) VALUES (?, ?, ?)"
        + " ON CONFLICT (code) DO UPDATE SET created_at = EXCLUDED.created_at", code, owner, at);
    setTitle(c, code, owner, p.path("title").isTextual() ? p.get("title").asText() : null, at);
    setStatus(c, code, owner, "active", at);
  }

  private static void updated(Connection c, JsonNode p) throws SQLException, PoisonMessage {
    String code = text(p, "code");
    UUID owner = uuid(p, "ownerId");
    String change = text(p, "change");
    Timestamp at = instant(p, "updatedAt");
    switch (change) {
      case "target" -> { }
      case "details" -> setTitle(c, code, owner, p.path("title").isTextual() ? p.get("title").asText() : null, at);
      case "paused" -> setStatus(c, code, owner, "paused", at);
      case "resumed" -> setStatus(c, code, owner, "active", at);
      default -> throw new PoisonMessage("unknown qr.updated change '" + change + "'");
    }
    change(c, code, at, change);
  }

  private static void change(Connection c, String code, Timestamp at, String change) throws SQLException {
    Sql.update(c, "INSERT INTO qr_analytics.code_changes(code, changed_at, change) VALUES (?, ?, ?)"
        + " ON CONFLICT DO NOTHING", code, at, change);
  }

  /** Messages of one code may arrive out of order across topics: a newer change always wins. */
  private static void setTitle(Connection c, String code, UUID owner, String title, Timestamp at)
      throws SQLException {
    Sql.update(c, "INSERT INTO qr_analytics.codes(code, owner_id, title, title_changed_at)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title,"
        + " title_changed_at = EXCLUDED.title_changed_at WHERE qr_analytics.codes.title_changed_at"
        + " IS NULL OR qr_analytics.codes.title_changed_at < EXCLUDED.title_changed_at",
        code, owner, title, at);
  }

  private static void setStatus(Connection c, String code, UUID owner, String status, Timestamp at)
      throws SQLException {
    Sql.update(c, "INSERT INTO qr_analytics.codes(code, owner_id, status, status_changed_at)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET status = EXCLUDED.status,"
        + " status_changed_at = EXCLUDED.status_changed_at WHERE qr_analytics.codes.status_changed_at"
        + " IS NULL OR qr_analytics.codes.status_changed_at < EXCLUDED.status_changed_at",
        code, owner, status, at);
  }
}
