package io.qrflow.projections.analytics;

import static io.qrflow.projections.consume.PayloadFields.instant;
import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/**
 * Writes one scan into the rollups of its code and of its owner ({@code qr_analytics.count_scan},
 * one round trip each): minute/hour/day counts (human, bot, distinct visitors), hourly dimension
 * counts of human scans, and bot scans per agent.
 */
final class ScanRollups {

  /** The dimensions of the API's breakdowns, in the order the rollups store them. */
  static final List<String> DIMENSIONS =
      List.of("country", "deviceType", "os", "browser", "referrer", "language");
  private static final Set<String> PAGE_EVENT_KINDS = Set.of("view", "click");

  private final UserAgents userAgents;

  ScanRollups(UserAgents userAgents) {
    this.userAgents = userAgents;
  }

  static String codeSubject(String code) {
    return "qr:" + code;
  }

  static String ownerSubject(String ownerId) {
    return "owner:" + ownerId;
  }

  void scan(Connection c, JsonNode p) throws SQLException, PoisonMessage {
    String code = text(p, "code");
    String owner = uuid(p, "ownerId").toString();
    Timestamp at = instant(p, "scannedAt");
    String visitor = text(p, "visitorId");
    UserAgents.Agent agent = userAgents.classify(optional(p, "userAgent"));
    String[] keys = agent.bot()
        ? new String[] {agent.botAgent()}
        : new String[] {key(optional(p, "country")), agent.deviceType(), agent.os(),
            agent.browser(), key(optional(p, "referrerHost")), key(optional(p, "language"))};
    String[] dimensions = agent.bot() ? new String[] {"bot"} : DIMENSIONS.toArray(String[]::new);
    try (PreparedStatement s = c.prepareStatement(
        "SELECT qr_analytics.count_scan(?, ?, ?, ?, ?, ?)")) {
      for (String subject : List.of(codeSubject(code), ownerSubject(owner))) {
        s.setString(1, subject);
        s.setTimestamp(2, at);
        s.setBoolean(3, agent.bot());
        s.setString(4, visitor);
        s.setArray(5, c.createArrayOf("text", dimensions));
        s.setArray(6, c.createArrayOf("text", keys));
        s.execute();
      }
    }
  }

  /** A microsite view or click (analytics.event): counted per slug, hour and kind. */
  void pageEvent(Connection c, JsonNode p) throws SQLException, PoisonMessage {
    String kind = text(p, "kind");
    if (!PAGE_EVENT_KINDS.contains(kind)) throw new PoisonMessage("unknown analytics.event kind '" + kind + "'");
    int bot = userAgents.classify(optional(p, "userAgent")).bot() ? 1 : 0;
    Sql.update(c, "INSERT INTO qr_analytics.page_events AS e(slug, owner_id, hour, kind, human, bot)"
            + " VALUES (?, ?, date_trunc('hour', ?::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',"
            + " ?, ?, ?) ON CONFLICT (slug, hour, kind) DO UPDATE SET human = e.human + EXCLUDED.human,"
            + " bot = e.bot + EXCLUDED.bot",
        text(p, "slug"), uuid(p, "ownerId"), instant(p, "at"), kind, 1 - bot, bot);
  }

  private static String optional(JsonNode p, String field) {
    JsonNode value = p.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String key(String value) {
    return value == null || value.isBlank() ? UserAgents.UNKNOWN : UserAgents.clip(value.strip());
  }
}
