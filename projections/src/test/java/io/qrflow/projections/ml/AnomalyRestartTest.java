package io.qrflow.projections.ml;

import static io.qrflow.projections.testing.ServiceFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.testing.ServiceFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * The ml consumer's anomaly model survives a restart on real Kafka and PostgreSQL: a baseline
 * learned by one actor system detects a spike after that system is stopped and a new one started
 * (a fresh model would still be warming up and stay silent), and scans redelivered to the new
 * system change neither the model nor the alerts.
 */
class AnomalyRestartTest {

  private static final int LEARNING_WINDOWS = 30; // warmup-windows is 24 (reference.conf)
  private static final int SCANS_PER_WINDOW = 3;
  private static final int SPIKE_SCANS = 40;
  private static final long WINDOW_MS = 5 * 60_000; // qrflow.ml.anomaly.window
  private final ServiceFixture services = ServiceFixture.get();
  private final KafkaSettings kafka = new KafkaSettings(services.bootstrap, 2, (short) 1);
  private int seq;

  @Test
  void givenABaselineLearnedBeforeARestart_whenASpikeComesAfterIt_thenItIsDetectedOnceWithoutRelearning()
      throws Exception {
    String code = "rs" + UUID.randomUUID().toString().substring(0, 8);
    String owner = UUID.randomUUID().toString();
    Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
    List<Envelope<Payloads.QrScanned>> flat = new ArrayList<>();
    for (int w = 0; w < LEARNING_WINDOWS; w++) {
      for (int i = 0; i < SCANS_PER_WINDOW; i++) {
        flat.add(scan(code, owner, t0.plusMillis(w * WINDOW_MS + i * 1_000L)));
      }
    }

    ActorSystem<Void> before = startMl("ml-before-restart");
    flat.forEach(e -> services.publish(Topics.QR_SCANNED, e));
    long learned = eventually(() -> samples(code) == LEARNING_WINDOWS - 1 ? samples(code) : null);
    stop(before);
    assertEquals(List.of(), alerts(code), "a flat stream raises no alert");

    ActorSystem<Void> after = startMl("ml-after-restart");
    try {
      flat.subList(0, 10).forEach(e -> services.publish(Topics.QR_SCANNED, e)); // redelivered
      Instant spikeStart = t0.plusMillis(LEARNING_WINDOWS * WINDOW_MS);
      List<Envelope<Payloads.QrScanned>> spike = new ArrayList<>();
      for (int i = 0; i < SPIKE_SCANS; i++) spike.add(scan(code, owner, spikeStart.plusMillis(i * 500L)));
      spike.add(scan(code, owner, spikeStart.plusMillis(WINDOW_MS))); // closes the spike window
      spike.forEach(e -> services.publish(Topics.QR_SCANNED, e));

      List<JsonNode> alerts = eventually(() -> alerts(code).isEmpty() ? null : alerts(code));
      spike.forEach(e -> services.publish(Topics.QR_SCANNED, e)); // the spike redelivered as well
      eventually(() -> samples(code) == learned + 2 ? true : null); // windows 29 and 30 closed
      Thread.sleep(1_000);
      alerts = alerts(code);
      assertEquals(1, alerts.size(), alerts.toString());
      JsonNode alert = alerts.get(0).get("payload");
      assertEquals("spike", alert.get("kind").asText());
      assertEquals(SPIKE_SCANS, alert.get("observed").asInt());
      assertEquals(spikeStart.toString(), alert.get("windowStart").asText());
      // 02:30 on a Monday: its hour of the week learned windows 24-29 (02:00-02:30) before the restart.
      assertEquals("hour-of-week", alert.get("evidence").get("baseline").asText(), alert.toString());
      assertEquals(6, alert.get("evidence").get("baselineSamples").asInt(), alert.toString());
      assertTrue(alert.get("expected").asDouble() > 2.5 && alert.get("expected").asDouble() < 3.5,
          "expected about " + SCANS_PER_WINDOW + " scans per window: " + alert);
      assertEquals(LEARNING_WINDOWS + 1, samples(code));
      assertEquals(1, field(code, "count"), "the open window holds the closing scan only: the"
          + " redelivered spike was not counted again");
    } finally {
      stop(after);
    }
  }

  private ActorSystem<Void> startMl(String name) {
    Config config = ConfigFactory.parseString(
            "pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")
        .withFallback(services.system.settings().config());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
    MlService.start(system, kafka, services.pool);
    return system;
  }

  private static void stop(ActorSystem<Void> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get();
  }

  private long samples(String code) {
    return field(code, "samples");
  }

  /** A number from the code's stored model state, -1 before there is one. */
  private long field(String code, String name) {
    List<String> rows = services.rows("SELECT state::text FROM workflow_db.ml_scan_models WHERE code = ?", code);
    if (rows.isEmpty()) return -1;
    try {
      return ContractJson.MAPPER.readTree(rows.get(0)).get(name).asLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<JsonNode> alerts(String code) {
    return services.readAll(Topics.ML_ANOMALY_DETECTED).stream()
        .filter(m -> code.equals(m.get("key").asText())).toList();
  }

  private Envelope<Payloads.QrScanned> scan(String code, String owner, Instant at) {
    seq++;
    return new Envelope<>("QrCode|" + code + ":" + seq + ":0", Topics.QR_SCANNED, 1, at, code,
        new Payloads.QrScanned(code, owner, at, "visitor" + seq, "DE", "Mozilla/5.0", null, "de-DE"));
  }
}
