package io.qrflow.projections.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The time range of an analytics query: {@code from} rounded down and {@code to} rounded up to
 * whole buckets of the granularity in the zone, and the bucket starts in between (contiguous;
 * hours and days follow the zone's daylight-saving changes, so a local day may have 23 or 25
 * hours).
 */
public record AnalyticsRange(Instant from, Instant to, Granularity granularity, ZoneId zone,
    List<Instant> bucketStarts) {

  public enum Granularity {
    MINUTE(ChronoUnit.MINUTES), HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Granularity(ChronoUnit unit) {
      this.unit = unit;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    ZonedDateTime floor(ZonedDateTime t) {
      return t.truncatedTo(unit);
    }

    ZonedDateTime next(ZonedDateTime t) {
      return this == DAY ? t.toLocalDate().plusDays(1).atStartOfDay(t.getZone()) : t.plus(1, unit);
    }
  }

  public static final int MAX_BUCKETS = 10_000;
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
  public static final Duration MAX_SPAN = Duration.ofDays(400);

  public AnalyticsRange {
    bucketStarts = List.copyOf(bucketStarts);
  }

  /**
   * The range covering {@code [from, to)} in whole buckets.
   *
   * @throws IllegalArgumentException with a message for the caller when {@code to} is not after
   *     {@code from}, they are more than 400 days apart, or there would be over 10,000 buckets
   */
  public static AnalyticsRange of(Instant from, Instant to, Granularity granularity, ZoneId zone) {
    if (!to.isAfter(from)) throw new IllegalArgumentException("'to' must be after 'from'");
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw new IllegalArgumentException("'from' and 'to' may be at most 400 days apart");
    }
    ZonedDateTime start = granularity.floor(from.atZone(zone));
    List<Instant> starts = new ArrayList<>();
    ZonedDateTime t = start;
    while (t.toInstant().isBefore(to)) {
      if (starts.size() == MAX_BUCKETS) {
        throw new IllegalArgumentException("at most " + MAX_BUCKETS + " " + granularity.label()
            + " buckets per query; choose a shorter range or a coarser granularity");
      }
      starts.add(t.toInstant());
      t = granularity.next(t);
    }
    return new AnalyticsRange(start.toInstant(), t.toInstant(), granularity, zone, starts);
  }

  /** The index of the bucket holding {@code t} (which must lie in the range). */
  int bucketOf(Instant t) {
    int i = Collections.binarySearch(bucketStarts, t);
    return i >= 0 ? i : -i - 2;
  }

  Instant bucketEnd(int i) {
    return i + 1 < bucketStarts.size() ? bucketStarts.get(i + 1) : to;
  }

  /** {@code t} in the zone, e.g. {@code 2026-11-25T10:00:00+01:00} ({@code Z} for UTC). */
  public String format(Instant t) {
    return TIMESTAMP.format(t.atZone(zone));
  }
}
