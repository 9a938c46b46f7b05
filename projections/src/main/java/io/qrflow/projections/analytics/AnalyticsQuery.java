package io.qrflow.projections.analytics;

import io.qrflow.projections.analytics.AnalyticsRange.Granularity;
import io.qrflow.projections.analytics.AnalyticsReport.Bots;
import io.qrflow.projections.analytics.AnalyticsReport.Bucket;
import io.qrflow.projections.analytics.AnalyticsReport.Counts;
import io.qrflow.projections.analytics.AnalyticsReport.HourOfWeek;
import io.qrflow.projections.analytics.AnalyticsReport.KeyCount;
import io.qrflow.projections.analytics.AnalyticsReport.TopCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads the analytics rollups for the API: one code's report or an owner's summary, for a range
 * in a time zone. Everything comes from pre-aggregated rows (at most one per minute, hour or day
 * and subject), so the cost follows the range, not the number of scans. Minute rows serve every
 * zone exactly; hour rows (hour and day granularity, breakdowns) are placed by their UTC start,
 * which is exact for zones whose offset is a whole number of hours. Blocking: run it on a
 * blocking dispatcher.
 */
public final class AnalyticsQuery {

  private static final int TOP_CODES = 10;
  private static final int DAYS_PER_WEEK = 7;
  private static final int HOURS_PER_DAY = 24;

  private final DataSource dataSource;

  public AnalyticsQuery(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Whether the read side knows the code as the owner's. A code created a moment ago may not be
   * known yet; the caller can then ask the code itself.
   */
  public boolean owns(String ownerId, String code) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setReadOnly(true);
      return RollupReads.owns(c, UUID.fromString(ownerId), code);
    }
  }

  /** The code's report; the caller has checked that the code is the requester's. */
  public AnalyticsReport code(String code, AnalyticsRange range) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setReadOnly(true);
      return report(c, code, ScanRollups.codeSubject(code), range, null);
    }
  }

  /** Everything of the owner's codes together, plus the top codes by human scans. */
  public AnalyticsReport summary(String ownerId, AnalyticsRange range) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setReadOnly(true);
      List<TopCode> top = RollupReads.topCodes(c, UUID.fromString(ownerId), range, TOP_CODES);
      return report(c, null, ScanRollups.ownerSubject(ownerId), range, top);
    }
  }

  private static AnalyticsReport report(Connection c, String code, String subject,
      AnalyticsRange range, List<TopCode> topCodes) throws SQLException {
    boolean minutes = range.granularity() == Granularity.MINUTE;
    List<RollupReads.CountRow> rows = RollupReads.counts(c, subject, minutes, range);
    int n = range.bucketStarts().size();
    long[] human = new long[n];
    long[] bot = new long[n];
    long[] visitors = new long[n];
    long[][] hourOfWeek = new long[DAYS_PER_WEEK][HOURS_PER_DAY];
    for (RollupReads.CountRow row : rows) {
      int i = range.bucketOf(row.start());
      human[i] += row.human();
      bot[i] += row.bot();
      visitors[i] += row.visitors();
      ZonedDateTime local = row.start().atZone(range.zone());
      hourOfWeek[local.getDayOfWeek().getValue() - 1][local.getHour()] += row.human();
    }
    var distinct = new DistinctVisitors(c, subject, range.from(), range.to());
    List<Bucket> series = new ArrayList<>(n);
    long totalHuman = 0;
    long totalBot = 0;
    for (int i = 0; i < n; i++) {
      long unique = range.granularity() == Granularity.DAY
          ? distinct.between(range.bucketStarts().get(i), range.bucketEnd(i)) : visitors[i];
      series.add(new Bucket(range.format(range.bucketStarts().get(i)), human[i] + bot[i], human[i],
          bot[i], unique));
      totalHuman += human[i];
      totalBot += bot[i];
    }
    var totals = new Counts(totalHuman + totalBot, totalHuman, totalBot,
        distinct.between(range.from(), range.to()));

    Map<String, List<KeyCount>> dimensions = RollupReads.dimensions(c, subject, range);
    Map<String, List<KeyCount>> breakdowns = new LinkedHashMap<>();
    for (String dimension : ScanRollups.DIMENSIONS) {
      breakdowns.put(dimension, dimensions.getOrDefault(dimension, List.of()));
    }
    var bots = new Bots(totalBot, dimensions.getOrDefault("bot", List.of()));
    return new AnalyticsReport(code, range.format(range.from()), range.format(range.to()),
        range.granularity().label(), range.zone().getId(), totals, series, breakdowns,
        hourOfWeek(hourOfWeek), bots, topCodes);
  }

  private static List<HourOfWeek> hourOfWeek(long[][] counts) {
    List<HourOfWeek> cells = new ArrayList<>(DAYS_PER_WEEK * HOURS_PER_DAY);
    for (int d = 0; d < DAYS_PER_WEEK; d++) {
      for (int h = 0; h < HOURS_PER_DAY; h++) cells.add(new HourOfWeek(d + 1, h, counts[d][h]));
    }
    return cells;
  }
}
