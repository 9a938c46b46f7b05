package io.qrflow.projections.webhooks;

import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import io.qrflow.projections.schedule.PeriodicTask;

/**
 * Sends due webhook deliveries: claims a batch (database work on the blocking dispatcher), POSTs
 * each signed envelope, records the outcome, and starts over after {@code poll-interval} (at once
 * when the batch was full). Connections go to the address {@link AddressPolicy} vetted when the
 * connection is opened; redirects are not followed (a 3xx is a failed attempt).
 */
public final class WebhookSender {

  private static final String BLOCKING = "qrflow.webhooks.dispatcher";
  private static final int MAX_ERROR_LENGTH = 300;

  private final ActorSystem<?> system;
  private final WebhookDeliveries deliveries;
  private final WebhookSettings settings;
  private final AddressPolicy policy;
  private final Clock clock;
  private final Executor blocking;
  private final ConnectionPoolSettings pool;
  private final SecretCipher cipher;
  private final HttpsConnectionContext https;

  private WebhookSender(ActorSystem<?> system, WebhookDeliveries deliveries, WebhookSettings settings,
      AddressPolicy policy, SecretCipher cipher, Clock clock) {
    this.system = system;
    this.deliveries = deliveries;
    this.settings = settings;
    this.policy = policy;
    this.cipher = cipher;
    this.clock = clock;
    this.https = WebhookTrust.httpsContext(system, settings);
    this.blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING));
    ClientTransport vetted = ClientTransport.withCustomResolver((host, port) ->
        CompletableFuture.supplyAsync(() -> {
          try {
            return new InetSocketAddress(policy.vet(host), (Integer) port);
          } catch (AddressPolicy.Refused refused) {
            throw new CompletionException(refused);
          }
        }, blocking));
    this.pool = ConnectionPoolSettings.create(system.classicSystem())
        .withMaxRetries(0)
        .withMaxConnections(settings.maxConnectionsPerHost())
        // A whole batch may go to one host; power of two as pekko-http requires.
        .withMaxOpenRequests(Integer.highestOneBit(Math.max(1, settings.batchSize() - 1)) << 1)
        .withConnectionSettings(ClientConnectionSettings.create(system.classicSystem())
            .withTransport(vetted)
            .withConnectingTimeout(java.time.Duration.ofMillis(settings.requestTimeout().toMillis())));
  }

  public static WebhookSender start(ActorSystem<?> system, javax.sql.DataSource dataSource,
      WebhookSettings settings, AddressPolicy policy, SecretCipher cipher, Clock clock) {
    var sender = new WebhookSender(system, new WebhookDeliveries(dataSource), settings, policy, cipher, clock);
    PeriodicTask.start(system, "webhook-sender", settings.pollInterval(), sender::round);
    return sender;
  }

  /** One batch; true when it was full, so the next one starts at once. */
  private CompletionStage<Boolean> round() {
    return CompletableFuture.supplyAsync(() -> {
          try {
            return deliveries.claim(clock.instant(), settings.lease(), settings.batchSize());
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        }, blocking)
        .thenCompose(batch -> CompletableFuture.allOf(batch.stream()
                .map(d -> attempt(d).toCompletableFuture())
                .toArray(CompletableFuture[]::new))
            .thenApply(done -> batch.size() == settings.batchSize()));
  }

  private CompletionStage<Void> attempt(WebhookDeliveries.Claimed delivery) {
    if (!delivery.endpointActive()) {
      return CompletableFuture.runAsync(() -> run(() -> deliveries.giveUp(delivery, clock.instant())), blocking);
    }
    long started = System.nanoTime();
    return post(delivery)
        .handle((status, failure) -> {
          int millis = (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          return failure == null ? new WebhookDeliveries.Outcome(status, status >= 300 ? "HTTP " + status : null, millis)
              : new WebhookDeliveries.Outcome(null, reason(failure), millis);
        })
        .thenAcceptAsync(outcome -> run(() -> {
          Instant now = clock.instant();
          Instant retryAt = outcome.succeeded() || delivery.attempts() >= settings.maxAttempts() ? null
              : now.plus(settings.backoff(delivery.attempts(), ThreadLocalRandom.current().nextDouble()));
          deliveries.record(delivery, outcome, now, retryAt);
        }), blocking);
  }

  private CompletableFuture<Integer> post(WebhookDeliveries.Claimed delivery) {
    URI uri = URI.create(delivery.url());
    if (!"https".equalsIgnoreCase(uri.getScheme()) && !policy.isAllowListed(uri.getHost())) {
      return CompletableFuture.failedFuture(new AddressPolicy.Refused("only https targets are allowed"));
    }
    String secret;
    try {
      secret = cipher.open(delivery.endpointId(), delivery.sealedSecret());
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.POST(delivery.url())
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, delivery.body()))
        .addHeaders(List.of(
            RawHeader.create("X-Qrflow-Event", delivery.topic()),
            RawHeader.create("X-Qrflow-Delivery", delivery.id().toString()),
            RawHeader.create("X-Qrflow-Timestamp", Long.toString(timestamp)),
            RawHeader.create("X-Qrflow-Signature",
                WebhookSignature.header(secret, timestamp, delivery.body()))));
    return Http.get(system).singleRequest(request, https, pool, system.classicSystem().log())
        .thenApply(response -> {
          response.discardEntityBytes(system);
          return response.status().intValue();
        })
        .toCompletableFuture()
        .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AddressPolicy.Refused refused) return "refused: " + refused.getMessage();
    }
    Throwable root = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  private static void run(SqlWork work) {
    try {
      work.run();
    } catch (SQLException e) {
      throw new CompletionException(e);
    }
  }
}
