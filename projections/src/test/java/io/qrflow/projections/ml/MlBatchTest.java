package io.qrflow.projections.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.MessageHandler;
import io.qrflow.projections.consume.MessageHandler.Message;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.testing.ServiceFixture;
import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ml consumer's batches on real PostgreSQL and Kafka: the same scans fed one message per
 * transaction and in batches (codes interleaved, a batch's codes loaded and saved once) end in the
 * same stored model states and raise the same alerts; generation requests of a batch are answered
 * in order, and a poison request fails its batch before anything is produced.
 */
class MlBatchTest {

  private static final long WINDOW_MS = 5 * 60_000; // qrflow.ml.anomaly.window
  private static final int LEARNING_WINDOWS = 30; // warmup-windows is 24
  private static final int SPIKE_SCANS = 40;
  private static final Instant T0 = Instant.parse("2026-11-09T00:00:00Z");
  private static ServiceFixture services;
  private static MessageHandler handler;
  private static ConsumerDefinition definition;
  private int seq;

  /** One scan of a stream, before it is given a code. */
  private record Hit(Instant at, String visitor) {}

  @BeforeAll
  static void start() {
    services = ServiceFixture.get();
    MlSettings settings = MlSettings.fromConfig(services.system.settings().config());
    var producer = new MlProducer(services.system, new KafkaSettings(services.bootstrap, 2, (short) 1),
        settings.produceTimeout());
    definition = new MlService(new TemplateGenerator(), producer,
        new ScanAnomalies(new AnomalyModel(settings.anomaly()), producer), Clock.systemUTC())
        .definition();
    handler = definition.handler();
  }

  @Test
  void scansShareTransactions_butGenerationRequestsAreAppliedOneAtATime() {
    assertEquals(MlService.MAX_BATCH, definition.maxBatch(Topics.QR_SCANNED));
    assertEquals(1, definition.maxBatch(Topics.ML_GENERATION_REQUESTED));
  }

  @Test
  void givenTwoCodesFedOneByOneAndTwoInInterleavedBatches_thenStatesAndAlertsAreTheSame() throws Exception {
    String owner = UUID.randomUUID().toString();
    String prefix = "sb" + UUID.randomUUID().toString().substring(0, 6);
    List<Hit> spiky = spikyStream();
    List<Hit> busy = busyStreamWithDropAndBot();

    for (Message m : interleave(scans(prefix + "a1", owner, spiky), scans(prefix + "a2", owner, busy))) {
      inTransaction(c -> handler.apply(c, m.topic(), m.envelope()));
    }
    List<Message> batched = interleave(scans(prefix + "b1", owner, spiky), scans(prefix + "b2", owner, busy));
    for (int from = 0; from < batched.size(); from += 37) {
      List<Message> batch = batched.subList(from, Math.min(from + 37, batched.size()));
      inTransaction(c -> handler.applyAll(c, batch));
    }

    assertEquals(state(prefix + "a1"), state(prefix + "b1"));
    assertEquals(state(prefix + "a2"), state(prefix + "b2"));
    assertNotEquals(state(prefix + "a1"), state(prefix + "a2"), "the two streams differ");
    assertEquals(List.of("spike"), kinds(alerts(prefix + "a1")));
    assertEquals(List.of("drop", "bot-burst"), kinds(alerts(prefix + "a2")));
    assertEquals(alerts(prefix + "a1"), alerts(prefix + "b1"));
    assertEquals(alerts(prefix + "a2"), alerts(prefix + "b2"));
  }

  @Test
  void givenASpikeInsideOneBatch_thenItRaisesTheOneAlertOneAtATimeRaises() throws Exception {
    String owner = UUID.randomUUID().toString();
    String prefix = "sp" + UUID.randomUUID().toString().substring(0, 6);
    List<Hit> stream = spikyStream();
    int learned = LEARNING_WINDOWS * 3;

    for (Message m : scans(prefix + "one", owner, stream)) {
      inTransaction(c -> handler.apply(c, m.topic(), m.envelope()));
    }
    inTransaction(c -> handler.applyAll(c, scans(prefix + "batch", owner, stream.subList(0, learned))));
    List<Message> spike = interleave(scans(prefix + "batch", owner, stream.subList(learned, stream.size())),
        scans(prefix + "other", owner, busyStreamWithDropAndBot().subList(0, 20)));
    inTransaction(c -> handler.applyAll(c, spike));

    List<JsonNode> alerts = alerts(prefix + "batch");
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals("spike", alerts.get(0).get("kind").asText());
    assertEquals(SPIKE_SCANS, alerts.get(0).get("observed").asInt());
    assertEquals(alerts(prefix + "one"), alerts);
    assertEquals(state(prefix + "one"), state(prefix + "batch"));
  }

  @Test
  void givenABatchOfGenerationRequests_thenEachIsAnsweredInOrder_andAPoisonOneFailsTheBatchFirst()
      throws Exception {
    String slug = "gb" + UUID.randomUUID().toString().substring(0, 8);
    List<Message> batch = List.of(request(slug, "a bakery"), request(slug, "a bike shop"),
        request(slug, "a book club"));
    inTransaction(c -> handler.applyAll(c, batch));

    List<String> answered = services.readAll(Topics.ML_GENERATION_COMPLETE).stream()
        .filter(m -> slug.equals(m.get("key").asText()))
        .map(m -> m.get("eventId").asText() + "|" + m.get("payload").get("status").asText()).toList();
    assertEquals(batch.stream().map(m -> "ml:" + m.envelope().get("eventId").asText() + "|ok").toList(),
        answered);
    assertEquals(3, services.rows("SELECT request_id FROM workflow_db.ml_generations WHERE slug = ?"
        + " AND status = 'ok'", slug).size());

    String poisoned = "gp" + UUID.randomUUID().toString().substring(0, 8);
    Message good = request(poisoned, "a florist");
    Message bad = request(poisoned, "y");
    ((ObjectNode) bad.envelope().get("payload")).remove("prompt");
    assertThrows(PoisonMessage.class, () -> inTransaction(c -> handler.applyAll(c, List.of(good, bad))));
    assertEquals(List.of(), services.readAll(Topics.ML_GENERATION_COMPLETE).stream()
        .filter(m -> poisoned.equals(m.get("key").asText())).toList(), "nothing produced");
  }

  private Message request(String slug, String prompt) {
    seq++;
    String requestId = UUID.randomUUID().toString();
    var envelope = new Envelope<>("Microsite|" + slug + ":" + seq, Topics.ML_GENERATION_REQUESTED, 1,
        Instant.now(), slug, new Payloads.GenerationRequested(requestId, slug, UUID.randomUUID().toString(),
            prompt, null, null, Instant.now()));
    return message(Topics.ML_GENERATION_REQUESTED, envelope);
  }

  /** Three scans a window, then a spike window, a few flat windows and one that closes them. */
  private static List<Hit> spikyStream() {
    List<Hit> hits = new ArrayList<>();
    for (int w = 0; w < LEARNING_WINDOWS; w++) {
      for (int i = 0; i < 3; i++) hits.add(new Hit(at(w, i * 7_000L), "v" + w + "-" + i));
    }
    for (int i = 0; i < SPIKE_SCANS; i++) hits.add(new Hit(at(LEARNING_WINDOWS, i * 500L), "s" + i));
    for (int w = LEARNING_WINDOWS + 1; w < LEARNING_WINDOWS + 4; w++) {
      for (int i = 0; i < 3; i++) hits.add(new Hit(at(w, i * 9_000L), "f" + w + "-" + i));
    }
    hits.add(new Hit(at(LEARNING_WINDOWS + 6, 0), "closing")); // after two empty windows
    return hits;
  }

  /** Twenty-ish scans a window, a late scan, a window of one scan, one visitor's burst. */
  private static List<Hit> busyStreamWithDropAndBot() {
    List<Hit> hits = new ArrayList<>();
    for (int w = 0; w < LEARNING_WINDOWS; w++) {
      for (int i = 0; i < 19 + w % 3; i++) hits.add(new Hit(at(w, i * 3_000L), "v" + (w * 5 + i) % 17));
      if (w == 12) hits.add(new Hit(at(w - 2, 1_000L), "late"));
    }
    hits.add(new Hit(at(LEARNING_WINDOWS, 0), "lonely"));
    for (int i = 0; i < 25; i++) hits.add(new Hit(at(LEARNING_WINDOWS + 1, i * 1_000L), "bot"));
    for (int i = 0; i < 10; i++) hits.add(new Hit(at(LEARNING_WINDOWS + 2, i * 1_000L), "x" + i));
    hits.add(new Hit(at(LEARNING_WINDOWS + 3, 0), "closing"));
    return hits;
  }

  private static Instant at(int window, long offsetMillis) {
    return T0.plusMillis(window * WINDOW_MS + offsetMillis);
  }

  private List<Message> scans(String code, String owner, List<Hit> hits) {
    List<Message> messages = new ArrayList<>();
    for (Hit hit : hits) {
      seq++;
      var envelope = new Envelope<>("QrCode|" + code + ":" + seq + ":0", Topics.QR_SCANNED, 1, hit.at(),
          code, new Payloads.QrScanned(code, owner, hit.at(), hit.visitor(), "DE", "Mozilla/5.0", null, "de-DE"));
      messages.add(message(Topics.QR_SCANNED, envelope));
    }
    return messages;
  }

  private static Message message(String topic, Envelope<?> envelope) {
    try {
      return new Message(topic, ContractJson.MAPPER.readTree(ContractJson.bytes(envelope)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Message> interleave(List<Message> first, List<Message> second) {
    List<Message> all = new ArrayList<>();
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) all.add(first.get(i));
      if (i < second.size()) all.add(second.get(i));
    }
    return all;
  }

  private interface Work {
    void run(Connection c) throws Exception;
  }

  private static void inTransaction(Work work) throws Exception {
    try (Connection c = services.pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static String state(String code) {
    return services.rows("SELECT state::text FROM workflow_db.ml_scan_models WHERE code = ?", code).get(0);
  }

  /** The code's alert payloads in produced order, without the code (it differs by design). */
  private static List<JsonNode> alerts(String code) {
    return services.readAll(Topics.ML_ANOMALY_DETECTED).stream()
        .filter(m -> code.equals(m.get("key").asText()))
        .map(m -> (JsonNode) ((ObjectNode) m.get("payload").deepCopy()).without("code")).toList();
  }

  private static List<String> kinds(List<JsonNode> alerts) {
    return alerts.stream().map(a -> a.get("kind").asText()).toList();
  }
}
