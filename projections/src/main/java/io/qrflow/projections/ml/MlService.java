package io.qrflow.projections.ml;

import static io.qrflow.projections.consume.PayloadFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.MlContracts;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.jdbc.Sql;
import io.qrflow.projections.publish.KafkaSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ml service, consumer group {@code ml} with its state in {@code workflow_db}: answers every
 * {@code ml.generation.requested} with one {@code ml.generation.complete} (content or an error,
 * never nothing), and feeds {@code qr.scanned} to the {@link ScanAnomalies} detector.
 */
public final class MlService {

  public static final String GROUP = "ml";
  public static final String SCHEMA = "workflow_db";
  public static final Set<String> TOPICS = Set.of(Topics.ML_GENERATION_REQUESTED, Topics.QR_SCANNED);
  private static final Logger log = LoggerFactory.getLogger(MlService.class);

  private final ContentGenerator generator;
  private final MlProducer producer;
  private final ScanAnomalies anomalies;
  private final Clock clock;

  MlService(ContentGenerator generator, MlProducer producer, ScanAnomalies anomalies, Clock clock) {
    this.generator = generator;
    this.producer = producer;
    this.anomalies = anomalies;
    this.clock = clock;
  }

  public static void start(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource) {
    MlSettings settings = MlSettings.fromConfig(system.settings().config());
    var producer = new MlProducer(system, kafka, settings.produceTimeout());
    var service = new MlService(settings.createGenerator(), producer,
        new ScanAnomalies(new AnomalyModel(settings.anomaly()), producer), Clock.systemUTC());
    ExactlyOnceConsumer.start(system, kafka, dataSource, service.definition());
  }

  ConsumerDefinition definition() {
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, this::apply);
  }

  /** Group, schema and topics for the pipeline view, which only reads offsets. */
  public static ConsumerDefinition forMonitoring() {
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, (c, topic, envelope) -> {
      throw new IllegalStateException("a monitoring definition applies nothing");
    });
  }

  void apply(Connection c, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
    switch (topic) {
      case Topics.ML_GENERATION_REQUESTED -> answer(c, envelope);
      case Topics.QR_SCANNED -> anomalies.apply(c, envelope.get("payload"));
      default -> throw new PoisonMessage("not an ml topic: " + topic);
    }
  }

  /** Generates (blocking, bounded by the generator's timeouts) and produces the answer. */
  private void answer(Connection c, JsonNode envelope) throws SQLException, PoisonMessage {
    JsonNode p = envelope.get("payload");
    String requestId = text(p, "requestId");
    String slug = text(p, "slug");
    String owner = text(p, "ownerId");
    var request = new ContentGenerator.Request(slug, text(p, "prompt"), optional(p, "tone"),
        optional(p, "language"));
    Payloads.GenerationComplete answer;
    try {
      var content = generator.generate(request);
      answer = new Payloads.GenerationComplete(requestId, slug, owner, "ok", null, generator.name(),
          content, clock.instant());
    } catch (ContentGenerator.GenerationFailed e) {
      log.warn("generation {} for {} failed: {}", requestId, slug, e.getMessage());
      answer = new Payloads.GenerationComplete(requestId, slug, owner, "error", e.getMessage(),
          generator.name(), null, clock.instant());
    }
    producer.sendAndWait(MlContracts.generationComplete(envelope.get("eventId").asText(), answer));
    Sql.update(c, "INSERT INTO workflow_db.ml_generations(request_id, slug, status, generator, error,"
            + " completed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
        requestId, slug, answer.status(), answer.generator(), answer.error(),
        Timestamp.from(answer.completedAt()));
  }

  private static String optional(JsonNode payload, String field) {
    JsonNode value = payload.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }
}
