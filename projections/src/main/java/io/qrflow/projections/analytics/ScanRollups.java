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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds a batch of scans into the rollups of their codes and owners: minute/hour/day counts
 * (human, bot, distinct visitors), hourly dimension counts of human scans, bot scans per agent.
 * The batch is summed up in memory first, so a batch costs a few statements however many scans
 * it holds. The result depends only on the set of scans, never on their order or batching, so a
 * replay gives the same numbers.
 */
final class ScanRollups {

  /** The dimensions of the API's breakdowns, in the order the rollups store them. */
  static final List<String> DIMENSIONS =
      List.of("country", "deviceType", "os", "browser", "referrer", "language");
  static final String BOT_DIMENSION = "bot";
  private static final Set<String> PAGE_EVENT_KINDS = Set.of("view", "click");

  /** One scan as the rollups see it. {@code keys} follow {@link #DIMENSIONS} (bots: agent only). */
  record Scan(String code, String owner, Instant at, boolean bot, String visitor, List<String> keys) {}

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

  void scans(Connection c, List<JsonNode> payloads) throws SQLException, PoisonMessage {
    if (payloads.isEmpty()) return;
    List<Scan> scans = new ArrayList<>(payloads.size());
    for (JsonNode p : payloads) scans.add(scan(p));
    lockOwners(c, scans);
    var batch = new RollupBatch();
    VisitorDays.apply(c, scans, batch);
    for (Scan scan : scans) batch.count(scan);
    batch.write(c);
  }

  /**
   * Codes of one owner are consumed on several partitions at once; their owner's rows are
   * written by one transaction at a time (locks taken in one order: no deadlocks), which also
   * keeps two transactions from both counting a visitor new to the owner.
   */
  private static void lockOwners(Connection c, List<Scan> scans) throws SQLException {
    var owners = new TreeSet<String>();
    scans.forEach(s -> owners.add(s.owner()));
    try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      for (String owner : owners) {
        s.setString(1, "qr_analytics.owner:" + owner);
        s.execute();
      }
    }
  }

  private Scan scan(JsonNode p) throws PoisonMessage {
    String code = text(p, "code");
    String owner = uuid(p, "ownerId").toString();
    Instant at = instant(p, "scannedAt").toInstant();
    String visitor = text(p, "visitorId");
    UserAgents.Agent agent = userAgents.classify(optional(p, "userAgent"));
    List<String> keys = agent.bot()
        ? List.of(agent.botAgent())
        : List.of(key(optional(p, "country")), agent.deviceType(), agent.os(), agent.browser(),
            key(optional(p, "referrerHost")), key(optional(p, "language")));
    return new Scan(code, owner, at, agent.bot(), visitor, keys);
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
