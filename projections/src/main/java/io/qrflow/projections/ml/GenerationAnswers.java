package io.qrflow.projections.ml;

import static io.qrflow.projections.consume.PayloadFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.MlContracts;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one {@code ml.generation.requested} with one {@code ml.generation.complete} (content or
 * an error, never nothing) and records it in {@code workflow_db.ml_generations}.
 */
final class GenerationAnswers {

  /** A generation request as read from its message. */
  record Requested(String eventId, String requestId, String owner,
      ContentGenerator.Request request) {
    static Requested of(JsonNode envelope) throws PoisonMessage {
      JsonNode p = envelope.get("payload");
      String requestId = text(p, "requestId");
      String slug = text(p, "slug");
      String owner = text(p, "ownerId");
      return new Requested(envelope.get("eventId").asText(), requestId, owner,
          new ContentGenerator.Request(slug, text(p, "prompt"), optional(p, "tone"),
              optional(p, "language")));
    }
  }

  private static final Logger log = LoggerFactory.getLogger(GenerationAnswers.class);

  private final ContentGenerator generator;
  private final MlProducer producer;
  private final Clock clock;

  GenerationAnswers(ContentGenerator generator, MlProducer producer, Clock clock) {
    this.generator = generator;
    this.producer = producer;
    this.clock = clock;
  }

  /** Generates (blocking, bounded by the generator's timeouts) and produces the answer. */
  void answer(Connection c, Requested r) throws SQLException {
    String slug = r.request().slug();
    Payloads.GenerationComplete answer;
    try {
      var content = generator.generate(r.request());
      answer = new Payloads.GenerationComplete(r.requestId(), slug, r.owner(), "ok", null,
          generator.name(), content, clock.instant());
    } catch (ContentGenerator.GenerationFailed e) {
      log.warn("generation {} for {} failed: {}", r.requestId(), slug, e.getMessage());
      answer = new Payloads.GenerationComplete(r.requestId(), slug, r.owner(), "error",
          e.getMessage(), generator.name(), null, clock.instant());
    }
    producer.sendAndWait(MlContracts.generationComplete(r.eventId(), answer));
    Sql.update(c, "INSERT INTO workflow_db.ml_generations(request_id, slug, status, generator, error,"
            + " completed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
        r.requestId(), slug, answer.status(), answer.generator(), answer.error(),
        Timestamp.from(answer.completedAt()));
  }

  private static String optional(JsonNode payload, String field) {
    JsonNode value = payload.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }
}
