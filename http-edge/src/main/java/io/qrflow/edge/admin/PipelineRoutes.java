package io.qrflow.edge.admin;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.pipeline.MonitoredConsumers;
import io.qrflow.projections.pipeline.PipelineStatus;
import io.qrflow.projections.publish.KafkaSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/admin/pipeline}, for the accounts in {@code qrflow.auth.admin-emails} only
 * (others 403): projection lag against the journal and consumer lag against Kafka, read when
 * asked. 503 when the database or Kafka does not answer in time.
 */
public final class PipelineRoutes {

  /** Bounds every Kafka call of one view; an admin view should rather fail fast than hang. */
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

  private final AdminSettings admins;
  private final PipelineStatus status;
  private final BearerAuth auth;
  private final Executor blocking;

  public PipelineRoutes(AdminSettings admins, PipelineStatus status, BearerAuth auth,
      Executor blocking) {
    this.admins = admins;
    this.status = status;
    this.blocking = blocking;
    this.auth = auth;
  }

  /**
   * The node's view: its read-side pool, the Kafka of {@code qrflow.kafka} (the node has put the
   * effective brokers there) and every consumer service. Its Kafka admin client, created on the
   * first request, closes in coordinated shutdown once HTTP has stopped serving.
   */
  public static PipelineRoutes create(ActorSystem<?> system, DataSource dataSource, BearerAuth auth,
      Executor blocking) {
    var config = system.settings().config();
    List<ConsumerDefinition> consumers = MonitoredConsumers.all();
    var status =
        new PipelineStatus(dataSource, KafkaSettings.fromConfig(config), consumers, KAFKA_TIMEOUT);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(),
        "close-pipeline-kafka-admin", () -> CompletableFuture.supplyAsync(() -> {
          status.close();
          return Done.getInstance();
        }, blocking));
    return new PipelineRoutes(AdminSettings.fromConfig(config), status, auth, blocking);
  }

  public Route route() {
    return pathPrefix("admin", () -> path("pipeline", () -> get(() -> auth.authenticated(user ->
        admins.isAdmin(user.email())
            ? view()
            : Problems.problem(StatusCodes.FORBIDDEN, "only administrators see the pipeline")))));
  }

  private Route view() {
    CompletionStage<PipelineStatus.View> result = CompletableFuture.supplyAsync(() -> {
      try {
        return status.read();
      } catch (SQLException | PipelineStatus.KafkaUnavailable e) {
        throw new CompletionException(e);
      }
    }, blocking);
    return onComplete(result, done -> {
      if (done.isSuccess()) return complete(StatusCodes.OK, done.get(), Json.marshaller());
      Throwable failure = done.failed().get();
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof PipelineStatus.KafkaUnavailable kafka) {
        return Problems.problem(StatusCodes.SERVICE_UNAVAILABLE,
            kafka.getMessage() + "; try again");
      }
      return complete(Problems.forFailure(cause));
    });
  }
}
