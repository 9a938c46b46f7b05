package io.qrflow.projections.micrositeupdates;

import static io.qrflow.projections.consume.PayloadFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.microsite.Block;
import io.qrflow.microsite.Microsite;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.microsite.Slug;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * The micrositeupdates service (consumer group {@code micrositeupdates}, bookkeeping in {@code
 * microsite_service}): hands each {@code ml.generation.complete} to its Microsite entity, which
 * keeps it as a draft (or the error) for the owner. The entity ignores answers to requests that
 * are not pending, so a redelivered answer changes nothing. An entity that does not answer in time
 * fails the message, and the consumer retries it after a backoff.
 */
public final class MicrositeUpdatesConsumer {

  public static final String GROUP = "micrositeupdates";
  public static final String SCHEMA = "microsite_service";
  public static final Set<String> TOPICS = Set.of(Topics.ML_GENERATION_COMPLETE);
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public MicrositeUpdatesConsumer(ClusterSharding sharding, Duration askTimeout) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  public ConsumerDefinition definition() {
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, (c, topic, envelope) -> apply(c, envelope));
  }

  /** Group, schema and topics for the pipeline view, which only reads offsets. */
  public static ConsumerDefinition forMonitoring() {
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, (c, topic, envelope) -> {
      throw new IllegalStateException("a monitoring definition applies nothing");
    });
  }

  void apply(Connection c, JsonNode envelope) throws PoisonMessage {
    JsonNode p = envelope.get("payload");
    String slug = text(p, "slug");
    if (!Slug.isWellFormed(slug)) throw new PoisonMessage("payload.slug is not a slug");
    String requestId = text(p, "requestId");
    String status = text(p, "status");
    String generator = text(p, "generator");
    Microsite.Draft draft = null;
    String error = p.path("error").isTextual() ? p.get("error").asText() : null;
    boolean ok = status.equals("ok");
    if (ok) {
      draft = draft(p.get("content"));
      if (draft == null) {
        ok = false;
        error = "the generated content could not be read";
      }
    } else if (!status.equals("error")) {
      throw new PoisonMessage("payload.status must be ok or error");
    }
    complete(slug, new Answer(requestId, ok, error, generator, draft));
  }

  private record Answer(String requestId, boolean ok, String error, String generator, Microsite.Draft draft) {}

  private void complete(String slug, Answer a) {
    try {
      StatusReply<Done> reply = sharding.entityRefFor(Microsite.ENTITY_KEY, slug)
          .<StatusReply<Done>>ask((ActorRef<StatusReply<Done>> r) -> new Microsite.CompleteGeneration(
              a.requestId(), a.ok(), a.error(), a.generator(), a.draft(), r), askTimeout)
          .toCompletableFuture().get(askTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      if (reply.isError()) throw new IllegalStateException("microsite refused: " + reply.getError().getMessage());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("microsite " + slug + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The content as a draft; unreadable blocks are left out (the entity validates the rest). */
  private static Microsite.Draft draft(JsonNode content) {
    if (content == null || !content.isObject() || !content.path("title").isTextual()) return null;
    List<Block> blocks = new ArrayList<>();
    for (JsonNode node : content.path("blocks")) {
      try {
        blocks.add(ContractJson.MAPPER.treeToValue(node, Block.class));
      } catch (IOException | IllegalArgumentException unreadable) {
        return null;
      }
    }
    String tagline = content.path("tagline").isTextual() ? content.get("tagline").asText() : null;
    return new Microsite.Draft(content.get("title").asText(), tagline, blocks);
  }
}
