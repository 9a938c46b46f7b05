package io.qrflow.projections.ml;

import com.typesafe.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming per-code scan model (docs/anomaly-detection.md). Scans are counted in fixed
 * windows; when a window closes, its count is compared with a seasonal baseline (an EWMA of the
 * counts of the same hour of the week, falling back to an EWMA over all hours until that hour has
 * enough samples) using a robust score: (observed - expected) / scale, where scale is the larger
 * of 1.2533 x the EWMA of absolute deviations (mean absolute deviation → σ) and the Poisson noise
 * sqrt(expected). Spikes and drops alert once per run of anomalous windows; a window in which one
 * visitor makes most of many scans is a bot burst. Anomalous windows update the baseline only
 * clipped to the alert threshold, so an attack does not teach the model that attacks are normal.
 */
public final class AnomalyModel {

  static final int HOURS_PER_WEEK = 168;
  private static final double MEAN_ABS_DEV_TO_SIGMA = 1.2533;
  private static final int MAX_TRACKED_VISITORS = 512;

  /** The model's parameters, from {@code qrflow.ml.anomaly}. */
  public record Parameters(Duration window, double alpha, int minSlotSamples, int warmupWindows,
      double spikeScore, int minSpikeScans, double dropScore, double minExpectedForDrop,
      double botShare, int botMinScans, int maxEmptyWindows) {
    public static Parameters fromConfig(Config c) {
      return new Parameters(c.getDuration("window"), c.getDouble("alpha"), c.getInt("min-slot-samples"),
          c.getInt("warmup-windows"), c.getDouble("spike-score"), c.getInt("min-spike-scans"),
          c.getDouble("drop-score"), c.getDouble("min-expected-for-drop"), c.getDouble("bot-share"),
          c.getInt("bot-min-scans"), c.getInt("max-empty-windows"));
    }
  }

  /** One detected anomaly with the figures behind it. */
  public record Alert(String kind, double score, double expected, double observed,
      Instant windowStart, Instant windowEnd, Map<String, Object> evidence) {}

  /** A code's model state; plain fields so it is stored as JSON in workflow_db. */
  public static final class State {
    public long windowStart = -1;
    public int count;
    public Map<String, Integer> visitors = new HashMap<>();
    public int distinctVisitors;
    public double globalMean;
    public double globalDev;
    public long samples;
    public double[] slotMean = new double[HOURS_PER_WEEK];
    public double[] slotDev = new double[HOURS_PER_WEEK];
    public int[] slotSamples = new int[HOURS_PER_WEEK];
    public boolean inSpike;
    public boolean inDrop;
  }

  private final Parameters p;
  private final long windowMillis;

  public AnomalyModel(Parameters parameters) {
    this.p = parameters;
    this.windowMillis = parameters.window().toMillis();
  }

  /** Counts one scan; returns the alerts of the windows this scan closed (usually none). */
  public List<Alert> observe(State s, Instant at, String visitorId) {
    List<Alert> alerts = new ArrayList<>();
    long window = Math.floorDiv(at.toEpochMilli(), windowMillis) * windowMillis;
    if (s.windowStart < 0) s.windowStart = window;
    if (window > s.windowStart) {
      close(s, alerts);
      long empty = (window - s.windowStart) / windowMillis - 1;
      long skipped = Math.max(0, empty - p.maxEmptyWindows());
      s.windowStart += (skipped + 1) * windowMillis;
      while (s.windowStart < window) {
        close(s, alerts);
        s.windowStart += windowMillis;
      }
    }
    // A late scan (older than the open window) is counted in the open window.
    s.count++;
    Integer seen = s.visitors.get(visitorId);
    if (seen != null) {
      s.visitors.put(visitorId, seen + 1);
    } else {
      s.distinctVisitors++;
      if (s.visitors.size() < MAX_TRACKED_VISITORS) s.visitors.put(visitorId, 1);
    }
    return alerts;
  }

  /** Scores the open window against the baseline, learns from it and resets it. */
  private void close(State s, List<Alert> alerts) {
    int slot = hourOfWeek(s.windowStart);
    boolean seasonal = s.slotSamples[slot] >= p.minSlotSamples();
    double expected = seasonal ? s.slotMean[slot] : s.globalMean;
    double dev = seasonal ? s.slotDev[slot] : s.globalDev;
    double scale = Math.max(MEAN_ABS_DEV_TO_SIGMA * dev, Math.sqrt(Math.max(expected, 1.0)));
    double observed = s.count;
    double score = (observed - expected) / scale;
    Instant start = Instant.ofEpochMilli(s.windowStart);
    Instant end = start.plusMillis(windowMillis);
    boolean warm = s.samples >= p.warmupWindows();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("baseline", seasonal ? "hour-of-week" : "all-hours");
    evidence.put("hourOfWeek", slot);
    evidence.put("baselineSamples", seasonal ? s.slotSamples[slot] : s.samples);
    evidence.put("deviation", round(dev));
    evidence.put("scale", round(scale));
    evidence.put("distinctVisitors", s.distinctVisitors);

    boolean spike = warm && score >= p.spikeScore() && observed >= p.minSpikeScans();
    boolean drop = warm && score <= -p.dropScore() && expected >= p.minExpectedForDrop();
    if (spike && !s.inSpike) alerts.add(new Alert("spike", round(score), round(expected), observed, start, end, evidence));
    if (drop && !s.inDrop) alerts.add(new Alert("drop", round(score), round(expected), observed, start, end, evidence));
    s.inSpike = spike;
    s.inDrop = drop;
    int top = s.visitors.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (top >= p.botMinScans() && top >= p.botShare() * observed) {
      Map<String, Object> bot = new LinkedHashMap<>(evidence);
      bot.put("topVisitorScans", top);
      alerts.add(new Alert("bot-burst", round((double) top / observed), round(expected), observed, start, end, bot));
    }

    // Robust learning: an anomalous window counts only up to the alert threshold.
    double learned = spike ? expected + p.spikeScore() * scale
        : drop ? expected - p.dropScore() * scale : observed;
    if (s.samples == 0) {
      s.globalMean = learned;
    } else {
      s.globalDev += p.alpha() * (Math.abs(learned - s.globalMean) - s.globalDev);
      s.globalMean += p.alpha() * (learned - s.globalMean);
    }
    if (s.slotSamples[slot] == 0) {
      s.slotMean[slot] = learned;
      s.slotDev[slot] = s.globalDev;
    } else {
      s.slotDev[slot] += p.alpha() * (Math.abs(learned - s.slotMean[slot]) - s.slotDev[slot]);
      s.slotMean[slot] += p.alpha() * (learned - s.slotMean[slot]);
    }
    s.samples++;
    s.slotSamples[slot]++;
    s.count = 0;
    s.visitors.clear();
    s.distinctVisitors = 0;
  }

  static int hourOfWeek(long epochMillis) {
    ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
    return (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
