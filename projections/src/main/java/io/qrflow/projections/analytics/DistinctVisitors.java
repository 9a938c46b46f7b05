package io.qrflow.projections.analytics;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Distinct human visitors of a subject within any minute-aligned part of a range. Visitor ids
 * change every UTC day (rotating salt), so the count is the sum over UTC days of the visitors
 * seen in the covered part of each day: a whole day from the day's rollup, a prefix or suffix
 * ending/starting on a UTC hour from the day's first/last-seen histograms, and any other part
 * (inside one day, or cut at a minute) by reading that day's visitor rows.
 */
final class DistinctVisitors {

  private static final int HOURS = 24;
  private static final int MINUTES_PER_HOUR = 60;

  private final Connection c;
  private final String subject;
  private final Map<LocalDate, Long> wholeDays = new HashMap<>();
  private final Map<LocalDate, long[]> firsts = new HashMap<>();
  private final Map<LocalDate, long[]> lasts = new HashMap<>();

  /** Loads the day rollups and histograms of the UTC days overlapping {@code [from, to)}. */
  DistinctVisitors(Connection c, String subject, Instant from, Instant to) throws SQLException {
    this.c = c;
    this.subject = subject;
    LocalDate first = utcDay(from);
    LocalDate last = utcDay(to.minusNanos(1));
    try (PreparedStatement s = c.prepareStatement("SELECT day, visitors FROM qr_analytics.days"
        + " WHERE subject = ? AND day BETWEEN ? AND ?")) {
      bind(s, first, last);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) wholeDays.put(rs.getDate(1).toLocalDate(), rs.getLong(2));
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT day, hour, firsts, lasts FROM"
        + " qr_analytics.day_edges WHERE subject = ? AND day BETWEEN ? AND ?")) {
      bind(s, first, last);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          LocalDate day = rs.getDate(1).toLocalDate();
          int hour = rs.getInt(2);
          firsts.computeIfAbsent(day, d -> new long[HOURS])[hour] = rs.getLong(3);
          lasts.computeIfAbsent(day, d -> new long[HOURS])[hour] = rs.getLong(4);
        }
      }
    }
  }

  /** Distinct visitors in {@code [from, to)}, both on whole minutes. */
  long between(Instant from, Instant to) throws SQLException {
    long total = 0;
    for (LocalDate day = utcDay(from); day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to);
        day = day.plusDays(1)) {
      Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant dayEnd = dayStart.plus(1, ChronoUnit.DAYS);
      Instant a = from.isAfter(dayStart) ? from : dayStart;
      Instant b = to.isBefore(dayEnd) ? to : dayEnd;
      total += withinDay(day, minuteOfDay(dayStart, a), minuteOfDay(dayStart, b));
    }
    return total;
  }

  private long withinDay(LocalDate day, int fromMinute, int toMinute) throws SQLException {
    int dayMinutes = HOURS * MINUTES_PER_HOUR;
    if (fromMinute == 0 && toMinute == dayMinutes) return wholeDays.getOrDefault(day, 0L);
    if (fromMinute == 0 && toMinute % MINUTES_PER_HOUR == 0) {
      return sum(firsts.get(day), 0, toMinute / MINUTES_PER_HOUR);
    }
    if (toMinute == dayMinutes && fromMinute % MINUTES_PER_HOUR == 0) {
      return sum(lasts.get(day), fromMinute / MINUTES_PER_HOUR, HOURS);
    }
    if (!wholeDays.containsKey(day)) return 0;
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM qr_analytics.visitor_days v"
        + " WHERE subject = ? AND day = ? AND EXISTS (SELECT 1 FROM unnest(v.minutes) m"
        + " WHERE m >= ? AND m < ?)")) {
      s.setString(1, subject);
      s.setDate(2, Date.valueOf(day));
      s.setInt(3, fromMinute);
      s.setInt(4, toMinute);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long sum(long[] perHour, int fromHour, int toHour) {
    if (perHour == null) return 0;
    long sum = 0;
    for (int h = fromHour; h < toHour; h++) sum += perHour[h];
    return sum;
  }

  private void bind(PreparedStatement s, LocalDate first, LocalDate last) throws SQLException {
    s.setString(1, subject);
    s.setDate(2, Date.valueOf(first));
    s.setDate(3, Date.valueOf(last));
  }

  private static LocalDate utcDay(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static int minuteOfDay(Instant dayStart, Instant t) {
    return (int) ChronoUnit.MINUTES.between(dayStart, t);
  }
}
