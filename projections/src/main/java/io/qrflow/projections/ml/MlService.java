package io.qrflow.projections.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.consume.BatchHandler;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.publish.KafkaSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The ml service, consumer group {@code ml} with its state in {@code workflow_db}: answers every
 * {@code ml.generation.requested} with one {@code ml.generation.complete} (content or an error,
 * never nothing), and feeds {@code qr.scanned} to the {@link ScanAnomalies} detector, a batch of
 * scans at a time.
 */
public final class MlService implements BatchHandler {

  public static final String GROUP = "ml";
  public static final String SCHEMA = "workflow_db";
  public static final Set<String> TOPICS = Set.of(Topics.ML_GENERATION_REQUESTED, Topics.QR_SCANNED);
  /** Messages of one partition applied in one transaction (scans fold per code). */
  static final int MAX_BATCH = 500;

  private final GenerationAnswers answers;
  private final ScanAnomalies anomalies;

  MlService(ContentGenerator generator, MlProducer producer, ScanAnomalies anomalies, Clock clock) {
    this.answers = new GenerationAnswers(generator, producer, clock);
    this.anomalies = anomalies;
  }

  public static void start(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource) {
    MlSettings settings = MlSettings.fromConfig(system.settings().config());
    var producer = new MlProducer(system, kafka, settings.produceTimeout());
    var service = new MlService(settings.createGenerator(), producer,
        new ScanAnomalies(new AnomalyModel(settings.anomaly()), producer), Clock.systemUTC());
    ExactlyOnceConsumer.start(system, kafka, dataSource, service.definition());
  }

  ConsumerDefinition definition() {
    // A generation request may mean a minute-long call to a model: never several in one transaction.
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, this, MAX_BATCH,
        Set.of(Topics.ML_GENERATION_REQUESTED));
  }

  /** Group, schema and topics for the pipeline view, which only reads offsets. */
  public static ConsumerDefinition forMonitoring() {
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, (c, topic, envelope) -> {
      throw new IllegalStateException("a monitoring definition applies nothing");
    });
  }

  /**
   * Reads every message before acting on any: a poison message then fails the batch before an
   * answer or alert is produced, not after (the batch is retried one message at a time).
   */
  @Override
  public void applyAll(Connection c, List<Message> messages) throws SQLException, PoisonMessage {
    List<ScanAnomalies.Scan> scans = new ArrayList<>();
    List<GenerationAnswers.Requested> requests = new ArrayList<>();
    for (Message m : messages) {
      JsonNode payload = m.envelope().get("payload");
      switch (m.topic()) {
        case Topics.QR_SCANNED -> scans.add(ScanAnomalies.Scan.of(payload));
        case Topics.ML_GENERATION_REQUESTED -> requests.add(GenerationAnswers.Requested.of(m.envelope()));
        default -> throw new PoisonMessage("not an ml topic: " + m.topic());
      }
    }
    for (var request : requests) answers.answer(c, request);
    if (!scans.isEmpty()) anomalies.applyAll(c, scans);
  }
}
