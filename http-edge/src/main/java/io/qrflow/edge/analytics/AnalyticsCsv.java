package io.qrflow.edge.analytics;

import io.qrflow.projections.analytics.AnalyticsReport;
import io.qrflow.projections.analytics.AnalyticsReport.KeyCount;
import java.util.List;
import java.util.Map;

/**
 * A report as one CSV table (RFC 4180, header first): a row per total, series bucket, breakdown
 * value, hour-of-week cell, bot agent and top code. {@code section} says which; series and
 * totals fill the four count columns, the others {@code count}.
 */
final class AnalyticsCsv {

  static final String HEADER = "section,key,scans,humanScans,botScans,uniqueVisitors,count";

  private AnalyticsCsv() {}

  static String of(AnalyticsReport report) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    var t = report.totals();
    counts(csv, "totals", report.from() + "/" + report.to(), t.scans(), t.humanScans(), t.botScans(),
        t.uniqueVisitors());
    for (var b : report.series()) {
      counts(csv, "series", b.t(), b.scans(), b.humanScans(), b.botScans(), b.uniqueVisitors());
    }
    for (Map.Entry<String, List<KeyCount>> dimension : report.breakdowns().entrySet()) {
      for (KeyCount kc : dimension.getValue()) count(csv, dimension.getKey(), kc.key(), kc.count());
    }
    for (var cell : report.hourOfWeek()) {
      count(csv, "hourOfWeek", cell.dayOfWeek() + "-" + String.format("%02d", cell.hour()), cell.count());
    }
    for (KeyCount agent : report.bots().byAgent()) count(csv, "bot", agent.key(), agent.count());
    if (report.topCodes() != null) {
      for (var top : report.topCodes()) count(csv, "topCode", top.code(), top.count());
    }
    return csv.toString();
  }

  private static void counts(StringBuilder csv, String section, String key, long scans, long human,
      long bots, long visitors) {
    csv.append(section).append(',').append(cell(key)).append(',').append(scans).append(',')
        .append(human).append(',').append(bots).append(',').append(visitors).append(",\r\n");
  }

  private static void count(StringBuilder csv, String section, String key, long count) {
    csv.append(section).append(',').append(cell(key)).append(",,,,,").append(count).append("\r\n");
  }

  /** Quoted when needed; a leading formula character is defused for spreadsheets. */
  static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
    boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
    return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
