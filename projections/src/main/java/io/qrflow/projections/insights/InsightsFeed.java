package io.qrflow.projections.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * An owner's insights feed, computed when asked from the service's own aggregates: this week's
 * scans against the week before, the top country (and whether it is new), the busiest hour in the
 * owner's zone, new sign-in devices, and the latest alerts. "This week" is the last 7 days.
 */
public final class InsightsFeed {

  public record WeekOverWeek(long thisWeek, long lastWeek, Integer changePercent) {}

  public record TopCountry(String thisWeek, long scans, String lastWeek, boolean isNew) {}

  public record BusiestHour(int hour, long scans, String zone) {}

  public record Item(String kind, String title) {}

  public record Alert(UUID alertId, UUID workflowId, String kind, String title, String detail,
      String code, Instant firedAt) {}

  public record Feed(Instant generatedAt, WeekOverWeek weekOverWeek, TopCountry topCountry,
      BusiestHour busiestHour, List<Item> items, List<Alert> alerts) {}

  private static final Duration WEEK = Duration.ofDays(7);
  private static final int ALERTS = 20;

  private final DataSource dataSource;
  private final Clock clock;

  public InsightsFeed(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  public Feed read(String ownerId, ZoneId zone) throws SQLException {
    UUID owner = UUID.fromString(ownerId);
    Instant now = clock.instant();
    try (Connection c = dataSource.getConnection()) {
      var weeks = weekOverWeek(c, owner, now);
      LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
      String top = topCountry(c, owner, today.minusDays(6), today);
      String before = topCountry(c, owner, today.minusDays(13), today.minusDays(7));
      var country = top == null ? null : new TopCountry(top, countryScans(c, owner, top, today.minusDays(6), today),
          before, before != null && !before.equals(top));
      var hour = busiestHour(c, owner, now, zone);
      List<Item> items = new ArrayList<>();
      items.add(new Item("week-over-week", weekText(weeks)));
      if (country != null) {
        items.add(new Item("top-country", country.isNew()
            ? "New top country: " + top + " (was " + before + ")"
            : "Top country: " + top + (top.equals(before) ? ", as the week before" : "")));
      }
      if (hour != null) {
        items.add(new Item("busiest-hour", String.format("Busiest hour: %02d:00–%02d:00 (%s), %d scans this week",
            hour.hour(), (hour.hour() + 1) % 24, zone, hour.scans())));
      }
      for (String client : newDevices(c, owner, now.minus(WEEK))) {
        items.add(new Item("new-device", "New sign-in device: " + client));
      }
      return new Feed(now, weeks, country, hour, items, alerts(c, owner));
    }
  }

  static String weekText(WeekOverWeek w) {
    if (w.changePercent() == null) {
      return w.thisWeek() == 0 ? "No scans this week" : w.thisWeek() + " scans this week, none the week before";
    }
    int change = w.changePercent();
    String direction = change > 0 ? "up " + change : change < 0 ? "down " + -change : "unchanged at 0";
    return "Scans " + direction + " % week over week (" + w.thisWeek() + " vs " + w.lastWeek() + ")";
  }

  private static WeekOverWeek weekOverWeek(Connection c, UUID owner, Instant now) throws SQLException {
    Instant weekAgo = now.minus(WEEK);
    try (PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(scans) FILTER (WHERE minute >= ?), 0),"
        + " coalesce(sum(scans) FILTER (WHERE minute < ?), 0) FROM workflow_db.insight_scan_minutes"
        + " WHERE owner_id = ? AND minute >= ? AND minute < ?")) {
      s.setTimestamp(1, Timestamp.from(weekAgo));
      s.setTimestamp(2, Timestamp.from(weekAgo));
      s.setObject(3, owner);
      s.setTimestamp(4, Timestamp.from(weekAgo.minus(WEEK)));
      s.setTimestamp(5, Timestamp.from(now));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long thisWeek = rs.getLong(1);
        long lastWeek = rs.getLong(2);
        Integer change = lastWeek == 0 ? null : (int) Math.round((thisWeek - lastWeek) * 100.0 / lastWeek);
        return new WeekOverWeek(thisWeek, lastWeek, change);
      }
    }
  }

  private static String topCountry(Connection c, UUID owner, LocalDate from, LocalDate to) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT country FROM workflow_db.insight_country_days"
        + " WHERE owner_id = ? AND day BETWEEN ? AND ? GROUP BY country ORDER BY sum(scans) DESC, country LIMIT 1")) {
      s.setObject(1, owner);
      s.setObject(2, from);
      s.setObject(3, to);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static long countryScans(Connection c, UUID owner, String country, LocalDate from, LocalDate to)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(scans), 0) FROM"
        + " workflow_db.insight_country_days WHERE owner_id = ? AND country = ? AND day BETWEEN ? AND ?")) {
      s.setObject(1, owner);
      s.setString(2, country);
      s.setObject(3, from);
      s.setObject(4, to);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static BusiestHour busiestHour(Connection c, UUID owner, Instant now, ZoneId zone) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT extract(hour FROM minute AT TIME ZONE ?)::int AS h,"
        + " sum(scans) FROM workflow_db.insight_scan_minutes WHERE owner_id = ? AND minute >= ?"
        + " AND minute < ? GROUP BY h ORDER BY 2 DESC, 1 LIMIT 1")) {
      s.setString(1, zone.getId());
      s.setObject(2, owner);
      s.setTimestamp(3, Timestamp.from(now.minus(WEEK)));
      s.setTimestamp(4, Timestamp.from(now));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? new BusiestHour(rs.getInt(1), rs.getLong(2), zone.getId()) : null;
      }
    }
  }

  private static List<String> newDevices(Connection c, UUID owner, Instant since) throws SQLException {
    List<String> clients = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT client FROM workflow_db.insight_login_clients"
        + " WHERE user_id = ? AND new_device AND first_seen_at >= ? ORDER BY first_seen_at DESC")) {
      s.setObject(1, owner);
      s.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) clients.add(rs.getString(1));
      }
    }
    return clients;
  }

  private static List<Alert> alerts(Connection c, UUID owner) throws SQLException {
    List<Alert> alerts = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT alert_id, workflow_id, kind, title, detail,"
        + " code, fired_at FROM workflow_db.insight_firings WHERE owner_id = ?"
        + " ORDER BY fired_at DESC LIMIT " + ALERTS)) {
      s.setObject(1, owner);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          alerts.add(new Alert(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
              rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
        }
      }
    }
    return alerts;
  }
}
