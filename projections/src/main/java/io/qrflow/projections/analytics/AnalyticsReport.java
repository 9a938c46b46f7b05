package io.qrflow.projections.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/qr/{code}/analytics} ({@code code} set, no {@code topCodes})
 * and {@code GET /api/v1/analytics/summary} (the reverse). Times are ISO-8601 with the zone's
 * offset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalyticsReport(
    String code,
    String from,
    String to,
    String granularity,
    String tz,
    Counts totals,
    List<Bucket> series,
    Map<String, List<KeyCount>> breakdowns,
    List<HourOfWeek> hourOfWeek,
    Bots bots,
    List<TopCode> topCodes) {

  public record Counts(long scans, long humanScans, long botScans, long uniqueVisitors) {}

  public record Bucket(String t, long scans, long humanScans, long botScans, long uniqueVisitors) {}

  public record KeyCount(String key, long count) {}

  /** {@code dayOfWeek} 1 = Monday … 7 = Sunday, {@code hour} 0–23, local to the zone. */
  public record HourOfWeek(int dayOfWeek, int hour, long count) {}

  public record Bots(long total, List<KeyCount> byAgent) {}

  public record TopCode(String code, String title, long count) {}
}
