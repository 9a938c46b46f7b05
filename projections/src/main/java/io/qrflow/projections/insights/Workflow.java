package io.qrflow.projections.insights;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * An owner's workflow: a trigger and what to do when it fires. Triggers: {@code scan-threshold}
 * (at least {@code threshold} scans within {@code windowMinutes} for a code or a tag; then quiet
 * for one window), {@code first-scan} (of a code, or of any code), {@code new-country} (first scan
 * from a country), {@code anomaly} (ml.anomaly.detected), {@code digest} ({@code daily} or {@code
 * weekly} on {@code day}, at {@code time} in {@code zone}). Actions: e-mail, a webhook endpoint.
 */
public record Workflow(UUID id, String ownerId, String name, Trigger trigger, Actions actions,
    boolean enabled, Instant createdAt, Instant updatedAt) {

  public static final String SCAN_THRESHOLD = "scan-threshold";
  public static final String FIRST_SCAN = "first-scan";
  public static final String NEW_COUNTRY = "new-country";
  public static final String ANOMALY = "anomaly";
  public static final String DIGEST = "digest";
  public static final Set<String> KINDS = Set.of(SCAN_THRESHOLD, FIRST_SCAN, NEW_COUNTRY, ANOMALY, DIGEST);

  private static final int MAX_NAME = 100;
  private static final int MAX_CODE = 64;
  private static final int MAX_WINDOW_MINUTES = 30 * 24 * 60;

  public record Trigger(String kind, String code, String tag, Integer threshold, Integer windowMinutes,
      String period, String day, String time, String zone) {

    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (kind == null || !KINDS.contains(kind)) {
        problems.add("'trigger.kind' must be one of " + String.join(", ", KINDS.stream().sorted().toList()));
        return problems;
      }
      if (code != null && (code.isBlank() || code.length() > MAX_CODE)) problems.add("'trigger.code' is not a code");
      if (tag != null && (tag.isBlank() || tag.length() > MAX_CODE)) problems.add("'trigger.tag' is not a tag");
      boolean digest = kind.equals(DIGEST);
      boolean threshold = kind.equals(SCAN_THRESHOLD);
      if (threshold) {
        if ((code == null) == (tag == null)) problems.add("a scan-threshold needs exactly one of 'trigger.code' and 'trigger.tag'");
        if (this.threshold == null || this.threshold < 1) problems.add("'trigger.threshold' must be at least 1");
        if (windowMinutes == null || windowMinutes < 1 || windowMinutes > MAX_WINDOW_MINUTES) {
          problems.add("'trigger.windowMinutes' must be between 1 and " + MAX_WINDOW_MINUTES);
        }
      } else {
        if (tag != null) problems.add("'trigger.tag' is only for scan-threshold");
        if (this.threshold != null || windowMinutes != null) problems.add("'trigger.threshold' and 'trigger.windowMinutes' are only for scan-threshold");
      }
      if (digest) {
        if (code != null) problems.add("a digest covers all codes: no 'trigger.code'");
        digestProblems(problems);
      } else if (period != null || day != null || time != null || zone != null) {
        problems.add("'trigger.period', 'day', 'time' and 'zone' are only for digest");
      }
      return problems;
    }

    private void digestProblems(List<String> problems) {
      if (!"daily".equals(period) && !"weekly".equals(period)) problems.add("'trigger.period' must be daily or weekly");
      if ("weekly".equals(period) && dayOfWeek() == null) problems.add("'trigger.day' must be a day of the week, e.g. MONDAY");
      if ("daily".equals(period) && day != null) problems.add("'trigger.day' is only for weekly digests");
      if (localTime() == null) problems.add("'trigger.time' must be HH:mm");
      if (zoneId() == null) problems.add("'trigger.zone' must be a time zone, e.g. Europe/Berlin");
    }

    public DayOfWeek dayOfWeek() {
      try {
        return day == null ? null : DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    public LocalTime localTime() {
      try {
        return time == null ? null : LocalTime.parse(time);
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    public ZoneId zoneId() {
      try {
        return zone == null ? null : ZoneId.of(zone);
      } catch (DateTimeException e) {
        return null;
      }
    }

    public boolean matchesCode(String scanned) {
      return code == null || code.equals(scanned);
    }
  }

  /** {@code email}: the e-mail service mails the owner; {@code webhookEndpointId}: one of the owner's webhooks. */
  public record Actions(boolean email, UUID webhookEndpointId) {

    public List<String> names() {
      List<String> names = new ArrayList<>();
      if (email) names.add("email");
      if (webhookEndpointId != null) names.add("webhook");
      return names;
    }
  }

  public static List<String> problems(String name, Trigger trigger, Actions actions) {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      problems.add("'name' is required (at most " + MAX_NAME + " characters)");
    }
    if (trigger == null) problems.add("'trigger' is required");
    else problems.addAll(trigger.problems());
    if (actions == null || actions.names().isEmpty()) {
      problems.add("'actions' needs email: true or a webhookEndpointId");
    }
    return problems;
  }
}
