package io.qrflow.projections.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qrflow.projections.contracts.ContractJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The anomaly model on synthetic scan streams with known anomalies: Poisson counts around a
 * daily and weekly profile, with injected spikes, drops and bot bursts. Precision and recall are
 * printed and must stay above thresholds; a flat stream must never alert.
 */
class AnomalyModelTest {

  private static final AnomalyModel.Parameters PARAMS =
      AnomalyModel.Parameters.fromConfig(ConfigFactory.load().getConfig("qrflow.ml.anomaly"));
  private static final long WINDOW = PARAMS.window().toMillis();
  private static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli(); // a Monday
  private static final int WINDOWS_PER_DAY = (int) (86_400_000L / WINDOW);

  record Injected(String kind, long fromWindow, long toWindow) {}

  @Test
  void givenAFlatStreamForTwoWeeks_thenNoAlertAtAll() {
    Random random = new Random(7);
    var model = new AnomalyModel(PARAMS);
    var state = new AnomalyModel.State();
    List<AnomalyModel.Alert> alerts = new ArrayList<>();
    for (long w = 0; w < 14L * WINDOWS_PER_DAY; w++) {
      alerts.addAll(scans(model, state, w, poisson(random, 10), random, null, 0));
    }
    System.out.println("flat stream: " + 14 * WINDOWS_PER_DAY + " windows, alerts: " + alerts.size());
    assertEquals(List.of(), alerts);
  }

  @Test
  void givenASeasonalStreamWithInjectedAnomalies_thenPrecisionAndRecallAreHigh() {
    Random random = new Random(42);
    var model = new AnomalyModel(PARAMS);
    var state = new AnomalyModel.State();
    List<Injected> injected = new ArrayList<>();
    List<AnomalyModel.Alert> alerts = new ArrayList<>();
    long total = 21L * WINDOWS_PER_DAY;
    for (long window = 0; window < total; window++) {
      final long w = window;
      double rate = rate(w);
      int count = poisson(random, rate);
      String bot = null;
      int botScans = 0;
      boolean eligible = w > 8L * WINDOWS_PER_DAY && w % 97 == 0
          && injected.stream().noneMatch(i -> w - i.toWindow() < 36);
      if (eligible) {
        int kind = injected.size() % 3;
        if (kind == 0) {
          count = (int) (rate * 2) + 20; // e.g. a poster in a busy place
          injected.add(new Injected("spike", w, w));
        } else if (kind == 1 && rate >= 15) {
          injected.add(new Injected("drop", w, w + 5));
        } else if (kind == 2) {
          bot = "bot-" + w;
          botScans = 45;
          injected.add(new Injected("bot-burst", w, w));
        }
      }
      boolean dropped = injected.stream().anyMatch(i -> i.kind().equals("drop") && w >= i.fromWindow() && w <= i.toWindow());
      alerts.addAll(scans(model, state, w, dropped ? 0 : count, random, bot, botScans));
    }

    int detected = 0;
    for (Injected event : injected) {
      boolean found = alerts.stream().anyMatch(a -> a.kind().equals(event.kind()) && within(a, event));
      if (found) detected++;
      else System.out.println("missed: " + event);
    }
    long trueAlerts = alerts.stream().filter(a -> injected.stream().anyMatch(e -> within(a, e))).count();
    alerts.stream().filter(a -> injected.stream().noneMatch(e -> within(a, e)))
        .forEach(a -> System.out.println("false alert: " + a));
    double recall = (double) detected / injected.size();
    double precision = alerts.isEmpty() ? 0 : (double) trueAlerts / alerts.size();
    System.out.printf("seasonal stream: %d windows, %d injected anomalies (%d spikes, %d drops, %d bot bursts),"
            + " %d alerts; precision %.3f, recall %.3f%n", total, injected.size(),
        injected.stream().filter(i -> i.kind().equals("spike")).count(),
        injected.stream().filter(i -> i.kind().equals("drop")).count(),
        injected.stream().filter(i -> i.kind().equals("bot-burst")).count(), alerts.size(), precision, recall);
    assertTrue(injected.size() >= 25, "enough anomalies injected: " + injected.size());
    assertTrue(precision >= 0.9, "precision " + precision);
    assertTrue(recall >= 0.9, "recall " + recall);
  }

  @Test
  void givenAStateStoredAsJsonAndReadBack_thenTheModelContinuesIdentically() throws Exception {
    Random random = new Random(3);
    var model = new AnomalyModel(PARAMS);
    var state = new AnomalyModel.State();
    for (long w = 0; w < 300; w++) scans(model, state, w, poisson(random, 12), random, null, 0);

    var copy = ContractJson.MAPPER.readValue(ContractJson.MAPPER.writeValueAsBytes(state), AnomalyModel.State.class);
    var original = scans(model, state, 300, 120, new Random(9), null, 0);
    var restored = scans(model, copy, 300, 120, new Random(9), null, 0);
    original.addAll(scans(model, state, 301, 1, new Random(9), null, 0));
    restored.addAll(scans(model, copy, 301, 1, new Random(9), null, 0));

    assertEquals(1, original.size(), "the 120-scan window is a spike: " + original);
    assertEquals(original, restored);
  }

  /** A daily profile (quiet nights, busy afternoons) with quieter weekends. */
  private static double rate(long window) {
    double hour = (window % WINDOWS_PER_DAY) * 24.0 / WINDOWS_PER_DAY;
    boolean weekend = (window / WINDOWS_PER_DAY) % 7 >= 5;
    double daily = 3 + 22 * Math.max(0, Math.sin((hour - 6) / 16 * Math.PI));
    return weekend ? daily * 0.6 : daily;
  }

  private static List<AnomalyModel.Alert> scans(AnomalyModel model, AnomalyModel.State state, long window,
      int count, Random random, String bot, int botScans) {
    List<AnomalyModel.Alert> alerts = new ArrayList<>();
    long from = START + window * WINDOW;
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < count + botScans; i++) times.add(from + (long) (random.nextDouble() * WINDOW));
    times.sort(null);
    List<String> visitors = new ArrayList<>();
    for (int i = 0; i < count; i++) visitors.add("v" + random.nextInt(100_000));
    for (int i = 0; i < botScans; i++) visitors.add(bot);
    java.util.Collections.shuffle(visitors, random);
    for (int i = 0; i < times.size(); i++) {
      alerts.addAll(model.observe(state, Instant.ofEpochMilli(times.get(i)), visitors.get(i)));
    }
    return alerts;
  }

  private static boolean within(AnomalyModel.Alert alert, Injected event) {
    long w = (alert.windowStart().toEpochMilli() - START) / WINDOW;
    return w >= event.fromWindow() && w <= event.toWindow();
  }

  private static int poisson(Random random, double lambda) {
    double limit = Math.exp(-lambda);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }
}
