package io.qrflow.projections.insights;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Event triggers, evaluated in the consumer transaction, so a firing and the message that caused it
 * commit together. For a batch of scans the owners' workflows (and the thresholds' stored windows)
 * are read once, before the batch is counted; {@link #fire} then finds the same firings as if the
 * scans had come one by one.
 */
final class WorkflowTriggers {

  private final List<ScanFold.Scan> scans;
  private final Map<String, List<Workflow>> byOwner;
  private final List<ThresholdWalk> thresholds;

  private WorkflowTriggers(List<ScanFold.Scan> scans, Map<String, List<Workflow>> byOwner,
      List<ThresholdWalk> thresholds) {
    this.scans = scans;
    this.byOwner = byOwner;
    this.thresholds = thresholds;
  }

  /** Reads what the scans' triggers need; call before the batch reaches the aggregates. */
  static WorkflowTriggers forScans(Connection c, List<ScanFold.Scan> scans) throws SQLException {
    Set<UUID> owners = scans.stream().map(ScanFold.Scan::owner).collect(Collectors.toSet());
    Map<String, List<Workflow>> byOwner = Workflows.enabled(c, owners,
            Workflow.SCAN_THRESHOLD, Workflow.FIRST_SCAN, Workflow.NEW_COUNTRY).stream()
        .collect(Collectors.groupingBy(Workflow::ownerId));
    // By workflow id: concurrent batches take the workflows' locks in one order.
    List<Workflow> thresholdWorkflows = byOwner.values().stream().flatMap(List::stream)
        .filter(w -> w.trigger().kind().equals(Workflow.SCAN_THRESHOLD))
        .sorted(Comparator.comparing(Workflow::id)).toList();
    List<ThresholdWalk> thresholds = new ArrayList<>();
    Map<String, List<String>> tags = thresholdWorkflows.stream().anyMatch(w -> w.trigger().tag() != null)
        ? ScanAggregates.tagsOf(c, scans.stream().map(ScanFold.Scan::code).collect(Collectors.toSet()))
        : Map.of();
    for (Workflow w : thresholdWorkflows) {
      Workflow.Trigger t = w.trigger();
      List<ScanFold.Scan> counted = scans.stream()
          .filter(s -> s.owner().toString().equals(w.ownerId()))
          .filter(s -> t.code() != null ? t.code().equals(s.code())
              : tags.getOrDefault(s.code(), List.of()).contains(t.tag()))
          .toList();
      if (!counted.isEmpty()) thresholds.add(ThresholdWalk.load(c, w, counted));
    }
    return new WorkflowTriggers(scans, byOwner, thresholds);
  }

  /** {@code firsts}: what {@link ScanFold#write} found the batch's scans to be the first of. */
  void fire(Connection c, ScanFold.Firsts firsts) throws SQLException {
    for (int i = 0; i < scans.size(); i++) {
      ScanFold.Scan s = scans.get(i);
      for (Workflow w : byOwner.getOrDefault(s.owner().toString(), List.of())) {
        Workflow.Trigger t = w.trigger();
        if (!t.matchesCode(s.code())) continue;
        if (t.kind().equals(Workflow.FIRST_SCAN) && firsts.ofCode().get(i)) {
          Firings.record(c, new Firings.Firing(w.id() + ":first-scan:" + s.code(), w, t.kind(),
              "First scan of " + s.code(), s.code() + " was scanned for the first time.", s.code(), s.at()));
        } else if (t.kind().equals(Workflow.NEW_COUNTRY) && firsts.fromCountry().get(i)) {
          Firings.record(c, new Firings.Firing(w.id() + ":new-country:" + s.country(), w, t.kind(),
              "First scan from " + s.country(), s.code() + " was scanned from " + s.country()
                  + ", a country none of your codes had seen before.", s.code(), s.at()));
        }
      }
    }
    for (ThresholdWalk threshold : thresholds) threshold.fire(c);
  }

  static void onAnomaly(Connection c, UUID owner, String code, String kind, double observed,
      double expected, Instant at, String eventId) throws SQLException {
    for (Workflow w : Workflows.enabled(c, Set.of(owner), Workflow.ANOMALY)) {
      if (!w.trigger().matchesCode(code)) continue;
      Firings.record(c, new Firings.Firing(w.id() + ":anomaly:" + eventId, w, Workflow.ANOMALY,
          "Unusual scans of " + code + " (" + kind + ")",
          String.format(Locale.ROOT, "%s: %.0f scans where about %.0f were expected.",
              code, observed, expected), code, at));
    }
  }
}
