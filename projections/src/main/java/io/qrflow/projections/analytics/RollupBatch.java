package io.qrflow.projections.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rollup changes of one batch of scans, summed per row, then written with one multi-row
 * upsert per table. Rows are written in key order, so concurrent batches lock them in the same
 * order.
 */
final class RollupBatch {

  private record At(String subject, Instant t) {}

  private record Day(String subject, LocalDate day) {}

  private record Edge(String subject, LocalDate day, int hour) {}

  private record Dim(String subject, Instant hour, String dimension, String key) {}

  private record DayDim(String subject, LocalDate day, String dimension, String key) {}

  record Visitor(String subject, LocalDate day, String visitorId) {}

  private record OwnerCode(String owner, String t, String code) {}

  static final Comparator<Visitor> VISITOR_ORDER = Comparator.comparing(Visitor::subject)
      .thenComparing(Visitor::day).thenComparing(Visitor::visitorId);

  private static final int HUMAN = 0;
  private static final int BOT = 1;
  private static final int VISITORS = 2;

  private final Map<At, long[]> minutes = new TreeMap<>(Comparator.comparing(At::subject).thenComparing(At::t));
  private final Map<At, long[]> hours = new TreeMap<>(Comparator.comparing(At::subject).thenComparing(At::t));
  private final Map<Day, long[]> days = new TreeMap<>(Comparator.comparing(Day::subject).thenComparing(Day::day));
  private final Map<Edge, long[]> edges = new TreeMap<>(Comparator.comparing(Edge::subject)
      .thenComparing(Edge::day).thenComparingInt(Edge::hour));
  private final Map<Dim, long[]> dims = new TreeMap<>(Comparator.comparing(Dim::subject)
      .thenComparing(Dim::hour).thenComparing(Dim::dimension).thenComparing(Dim::key));
  private final Map<DayDim, long[]> dayDims = new TreeMap<>(Comparator.comparing(DayDim::subject)
      .thenComparing(DayDim::day).thenComparing(DayDim::dimension).thenComparing(DayDim::key));
  private final Map<Visitor, String> visitorRows = new TreeMap<>(VISITOR_ORDER);
  private final Map<String, String> codeOwners = new TreeMap<>();
  private final Map<OwnerCode, long[]> ownerCodeDays = new TreeMap<>(Comparator.comparing(OwnerCode::owner)
      .thenComparing(OwnerCode::t).thenComparing(OwnerCode::code));
  private final Map<OwnerCode, long[]> ownerCodeHours = new TreeMap<>(Comparator.comparing(OwnerCode::owner)
      .thenComparing(OwnerCode::t).thenComparing(OwnerCode::code));

  void count(ScanRollups.Scan scan) {
    Instant minute = scan.at().truncatedTo(ChronoUnit.MINUTES);
    Instant hour = scan.at().truncatedTo(ChronoUnit.HOURS);
    LocalDate day = scan.at().atOffset(ZoneOffset.UTC).toLocalDate();
    int column = scan.bot() ? BOT : HUMAN;
    codeOwners.put(scan.code(), scan.owner());
    if (!scan.bot()) {
      ownerCodeDays.computeIfAbsent(new OwnerCode(scan.owner(), day.toString(), scan.code()), k -> new long[1])[0]++;
      ownerCodeHours.computeIfAbsent(new OwnerCode(scan.owner(), hour.toString(), scan.code()), k -> new long[1])[0]++;
    }
    for (String subject : List.of(ScanRollups.codeSubject(scan.code()), ScanRollups.ownerSubject(scan.owner()))) {
      row(minutes, new At(subject, minute))[column]++;
      row(hours, new At(subject, hour))[column]++;
      row(days, new Day(subject, day))[column]++;
      List<String> dimensions = scan.bot() ? List.of(ScanRollups.BOT_DIMENSION) : ScanRollups.DIMENSIONS;
      for (int i = 0; i < dimensions.size(); i++) {
        dims.computeIfAbsent(new Dim(subject, hour, dimensions.get(i), scan.keys().get(i)), k -> new long[1])[0]++;
        dayDims.computeIfAbsent(new DayDim(subject, day, dimensions.get(i), scan.keys().get(i)), k -> new long[1])[0]++;
      }
    }
  }

  void newVisitorMinute(String subject, Instant minute) {
    row(minutes, new At(subject, minute))[VISITORS]++;
  }

  void newVisitorHour(String subject, Instant hour) {
    row(hours, new At(subject, hour))[VISITORS]++;
  }

  void newVisitorDay(String subject, LocalDate day) {
    row(days, new Day(subject, day))[VISITORS]++;
  }

  void moveEdge(String subject, LocalDate day, int hour, int firsts, int lasts) {
    long[] edge = edges.computeIfAbsent(new Edge(subject, day, hour), k -> new long[2]);
    edge[0] += firsts;
    edge[1] += lasts;
  }

  void visitorRow(Visitor visitor, String minutesLiteral) {
    visitorRows.put(visitor, minutesLiteral);
  }

  private static <K> long[] row(Map<K, long[]> rows, K key) {
    return rows.computeIfAbsent(key, k -> new long[3]);
  }

  void write(Connection c) throws SQLException {
    // A scan may come before its code's qr.created: the owner is known from the scan already.
    upsert(c, "INSERT INTO qr_analytics.codes(code, owner_id) SELECT c, o::uuid FROM"
            + " unnest(?::text[], ?::text[]) AS t(c, o) ON CONFLICT (code) DO NOTHING",
        codeOwners.keySet().toArray(), codeOwners.values().toArray());
    upsert(c, "INSERT INTO qr_analytics.visitor_days AS r SELECT s, d, v, m::smallint[] FROM"
            + " unnest(?::text[], ?::date[], ?::text[], ?::text[]) AS t(s, d, v, m)"
            + " ON CONFLICT (subject, day, visitor_id) DO UPDATE SET minutes = EXCLUDED.minutes",
        visitorRows.keySet().stream().map(Visitor::subject).toArray(),
        visitorRows.keySet().stream().map(Visitor::day).toArray(),
        visitorRows.keySet().stream().map(Visitor::visitorId).toArray(),
        visitorRows.values().toArray());
    ownerCodes(c, "owner_code_days", "day", "date", ownerCodeDays);
    ownerCodes(c, "owner_code_hours", "hour", "timestamptz", ownerCodeHours);
    counts(c, "minutes", "minute", minutes);
    counts(c, "hours", "hour", hours);
    upsert(c, "INSERT INTO qr_analytics.days AS r SELECT * FROM unnest(?::text[], ?::date[],"
            + " ?::int[], ?::int[], ?::int[]) ON CONFLICT (subject, day) DO UPDATE SET"
            + " human = r.human + EXCLUDED.human, bot = r.bot + EXCLUDED.bot,"
            + " visitors = r.visitors + EXCLUDED.visitors",
        days.keySet().stream().map(Day::subject).toArray(),
        days.keySet().stream().map(Day::day).toArray(),
        column(days, HUMAN), column(days, BOT), column(days, VISITORS));
    upsert(c, "INSERT INTO qr_analytics.day_edges AS r SELECT * FROM unnest(?::text[], ?::date[],"
            + " ?::smallint[], ?::int[], ?::int[]) ON CONFLICT (subject, day, hour) DO UPDATE SET"
            + " firsts = r.firsts + EXCLUDED.firsts, lasts = r.lasts + EXCLUDED.lasts",
        edges.keySet().stream().map(Edge::subject).toArray(),
        edges.keySet().stream().map(Edge::day).toArray(),
        edges.keySet().stream().map(Edge::hour).toArray(), column(edges, 0), column(edges, 1));
    upsert(c, "INSERT INTO qr_analytics.hour_dimensions AS r SELECT * FROM unnest(?::text[],"
            + " ?::timestamptz[], ?::text[], ?::text[], ?::int[]) ON CONFLICT (subject, hour,"
            + " dimension, key) DO UPDATE SET count = r.count + EXCLUDED.count",
        dims.keySet().stream().map(Dim::subject).toArray(),
        dims.keySet().stream().map(Dim::hour).toArray(),
        dims.keySet().stream().map(Dim::dimension).toArray(),
        dims.keySet().stream().map(Dim::key).toArray(), column(dims, 0));
    upsert(c, "INSERT INTO qr_analytics.day_dimensions AS r SELECT * FROM unnest(?::text[],"
            + " ?::date[], ?::text[], ?::text[], ?::int[]) ON CONFLICT (subject, day,"
            + " dimension, key) DO UPDATE SET count = r.count + EXCLUDED.count",
        dayDims.keySet().stream().map(DayDim::subject).toArray(),
        dayDims.keySet().stream().map(DayDim::day).toArray(),
        dayDims.keySet().stream().map(DayDim::dimension).toArray(),
        dayDims.keySet().stream().map(DayDim::key).toArray(), column(dayDims, 0));
  }

  private static void counts(Connection c, String table, String column, Map<At, long[]> rows)
      throws SQLException {
    upsert(c, "INSERT INTO qr_analytics." + table + " AS r SELECT * FROM unnest(?::text[],"
            + " ?::timestamptz[], ?::int[], ?::int[], ?::int[]) ON CONFLICT (subject, " + column
            + ") DO UPDATE SET human = r.human + EXCLUDED.human, bot = r.bot + EXCLUDED.bot,"
            + " visitors = r.visitors + EXCLUDED.visitors",
        rows.keySet().stream().map(At::subject).toArray(),
        rows.keySet().stream().map(At::t).toArray(),
        column(rows, HUMAN), column(rows, BOT), column(rows, VISITORS));
  }

  private static void ownerCodes(Connection c, String table, String column, String type,
      Map<OwnerCode, long[]> rows) throws SQLException {
    upsert(c, "INSERT INTO qr_analytics." + table + " AS r SELECT o::uuid, t::" + type + ", c, n::int"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS x(o, t, c, n)"
            + " ON CONFLICT (owner_id, " + column + ", code) DO UPDATE SET human = r.human + EXCLUDED.human",
        rows.keySet().stream().map(OwnerCode::owner).toArray(),
        rows.keySet().stream().map(OwnerCode::t).toArray(),
        rows.keySet().stream().map(OwnerCode::code).toArray(), column(rows, 0));
  }

  private static Object[] column(Map<?, long[]> rows, int index) {
    return rows.values().stream().map(r -> r[index]).toArray();
  }

  /**
   * One statement whose parameters are parallel arrays, unnested into rows in key order. Values
   * travel as ISO-8601 text (instants with Z), cast by the statement: no JVM time zone involved.
   */
  private static void upsert(Connection c, String sql, Object[]... columns) throws SQLException {
    if (columns[0].length == 0) return;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < columns.length; i++) {
        String[] text = new String[columns[i].length];
        for (int j = 0; j < text.length; j++) text[j] = String.valueOf(columns[i][j]);
        s.setArray(i + 1, c.createArrayOf("text", text));
      }
      s.executeUpdate();
    }
  }
}
