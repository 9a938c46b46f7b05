package io.qrflow.edge.analytics;

import io.qrflow.projections.analytics.AnalyticsRange;
import io.qrflow.projections.analytics.AnalyticsRange.Granularity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of the analytics endpoints, validated strictly: {@code from}/{@code to}
 * (ISO-8601 instants, local date-times or dates in {@code tz}; default the last 7 days),
 * {@code granularity} (minute, hour, day; default hour), {@code tz} (an IANA zone id; default
 * UTC) and {@code format} (json, csv). Anything else is a problem, never a silent default.
 */
record AnalyticsParams(AnalyticsRange range, boolean csv) {

  /** Either the parameters or what is wrong with them. */
  record Parsed(AnalyticsParams params, List<String> problems) {}

  static final Duration DEFAULT_SPAN = Duration.ofDays(7);
  private static final Set<String> KNOWN = Set.of("from", "to", "granularity", "tz", "format");
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  static Parsed parse(Map<String, String> query, boolean acceptsCsvOnly, Clock clock) {
    List<String> problems = new ArrayList<>();
    query.keySet().stream().filter(name -> !KNOWN.contains(name)).sorted()
        .forEach(name -> problems.add("unknown parameter '" + name + "'"));

    ZoneId zone = ZoneId.of("UTC");
    String tz = query.get("tz");
    if (tz != null) {
      if (ZONES.contains(tz)) zone = ZoneId.of(tz);
      else problems.add("tz must be an IANA time zone id such as Europe/Berlin, not '" + tz + "'");
    }
    Granularity granularity = Granularity.HOUR;
    String g = query.get("granularity");
    if (g != null) {
      try {
        granularity = Granularity.valueOf(g.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("granularity must be minute, hour or day");
      }
    }
    boolean csv = acceptsCsvOnly;
    String format = query.get("format");
    if (format != null) {
      if (format.equals("csv") || format.equals("json")) csv = format.equals("csv");
      else problems.add("format must be json or csv");
    }
    Instant to = query.containsKey("to") ? time(query.get("to"), "to", zone, problems) : clock.instant();
    Instant from = query.containsKey("from") ? time(query.get("from"), "from", zone, problems)
        : to == null ? null : to.minus(DEFAULT_SPAN);
    if (!problems.isEmpty()) return new Parsed(null, problems);
    try {
      return new Parsed(new AnalyticsParams(AnalyticsRange.of(from, to, granularity, zone), csv), List.of());
    } catch (IllegalArgumentException e) {
      return new Parsed(null, List.of(e.getMessage()));
    }
  }

  /** An instant with offset, a local date-time in the zone, or a date (its start in the zone). */
  private static Instant time(String text, String name, ZoneId zone, List<String> problems) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notADate) {
          problems.add(name + " must be an ISO-8601 instant or date, e.g. 2026-11-01 or"
              + " 2026-11-01T00:00:00Z");
          return null;
        }
      }
    }
  }
}
