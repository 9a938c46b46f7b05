package io.qrflow.projections.analytics;

import io.qrflow.projections.analytics.RollupBatch.Visitor;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Distinct human visitors. A visitor id is only stable within one UTC day (its salt rotates), so
 * each subject keeps, per day and visitor, the minutes of the day the visitor scanned in. A
 * batch's scans extend those sets; whatever is new becomes a new visitor of a minute, an hour or
 * the day, and moves the day's first/last-seen histograms.
 */
final class VisitorDays {

  private static final int MINUTES_PER_HOUR = 60;

  private VisitorDays() {}

  static void apply(Connection c, List<ScanRollups.Scan> scans, RollupBatch batch) throws SQLException {
    Map<Visitor, TreeSet<Integer>> seen = new TreeMap<>(RollupBatch.VISITOR_ORDER);
    for (ScanRollups.Scan scan : scans) {
      if (scan.bot()) continue;
      LocalDate day = scan.at().atOffset(ZoneOffset.UTC).toLocalDate();
      int minute = (int) ChronoUnit.MINUTES.between(day.atStartOfDay(ZoneOffset.UTC).toInstant(), scan.at());
      for (String subject : List.of(ScanRollups.codeSubject(scan.code()), ScanRollups.ownerSubject(scan.owner()))) {
        seen.computeIfAbsent(new Visitor(subject, day, scan.visitor()), v -> new TreeSet<>()).add(minute);
      }
    }
    if (seen.isEmpty()) return;
    Map<Visitor, TreeSet<Integer>> known = load(c, seen.keySet().stream().toList());
    for (Map.Entry<Visitor, TreeSet<Integer>> entry : seen.entrySet()) {
      Visitor v = entry.getKey();
      TreeSet<Integer> before = known.getOrDefault(v, new TreeSet<>());
      TreeSet<Integer> after = new TreeSet<>(before);
      after.addAll(entry.getValue());
      if (after.size() == before.size()) continue;
      record(v, before, after, batch);
    }
  }

  private static void record(Visitor v, TreeSet<Integer> before, TreeSet<Integer> after, RollupBatch batch) {
    Instant dayStart = v.day().atStartOfDay(ZoneOffset.UTC).toInstant();
    var hoursBefore = before.stream().map(m -> m / MINUTES_PER_HOUR).collect(Collectors.toSet());
    for (int m : after) {
      if (before.contains(m)) continue;
      batch.newVisitorMinute(v.subject(), dayStart.plus(m, ChronoUnit.MINUTES));
      if (hoursBefore.add(m / MINUTES_PER_HOUR)) {
        batch.newVisitorHour(v.subject(), dayStart.plus(m / MINUTES_PER_HOUR, ChronoUnit.HOURS));
      }
    }
    int firstAfter = after.first() / MINUTES_PER_HOUR;
    int lastAfter = after.last() / MINUTES_PER_HOUR;
    if (before.isEmpty()) {
      batch.newVisitorDay(v.subject(), v.day());
      batch.moveEdge(v.subject(), v.day(), firstAfter, 1, 0);
      batch.moveEdge(v.subject(), v.day(), lastAfter, 0, 1);
    } else {
      int firstBefore = before.first() / MINUTES_PER_HOUR;
      int lastBefore = before.last() / MINUTES_PER_HOUR;
      if (firstAfter != firstBefore) {
        batch.moveEdge(v.subject(), v.day(), firstBefore, -1, 0);
        batch.moveEdge(v.subject(), v.day(), firstAfter, 1, 0);
      }
      if (lastAfter != lastBefore) {
        batch.moveEdge(v.subject(), v.day(), lastBefore, 0, -1);
        batch.moveEdge(v.subject(), v.day(), lastAfter, 0, 1);
      }
    }
    batch.visitorRow(v, after.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")));
  }

  private static Map<Visitor, TreeSet<Integer>> load(Connection c, List<Visitor> visitors) throws SQLException {
    Map<Visitor, TreeSet<Integer>> known = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT subject, day, visitor_id, minutes FROM"
        + " qr_analytics.visitor_days WHERE (subject, day, visitor_id) IN (SELECT s, d::date, v FROM"
        + " unnest(?::text[], ?::text[], ?::text[]) AS t(s, d, v))")) {
      s.setArray(1, c.createArrayOf("text", visitors.stream().map(Visitor::subject).toArray()));
      s.setArray(2, c.createArrayOf("text", visitors.stream().map(v -> v.day().toString()).toArray()));
      s.setArray(3, c.createArrayOf("text", visitors.stream().map(Visitor::visitorId).toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          var v = new Visitor(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3));
          Array minutes = rs.getArray(4);
          TreeSet<Integer> set = new TreeSet<>();
          for (Object m : (Object[]) minutes.getArray()) set.add(((Number) m).intValue());
          known.put(v, set);
        }
      }
    }
    return known;
  }
}
