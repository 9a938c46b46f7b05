package io.qrflow.projections.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qrflow.projections.consume.MessageHandler;
import io.qrflow.projections.consume.MessageHandler.Message;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.testing.ServiceFixture;
import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhooks consumer's batch path on real PostgreSQL: a batch mixing owners with and without
 * matching endpoints queues one delivery per message and matching active endpoint, nothing for
 * the others, and nothing new when the same batch is applied again.
 */
class WebhookBatchTest {

  private static ServiceFixture services;
  private static WebhookReceiver receiver;
  private static WebhookEndpoints endpoints;
  private static MessageHandler handler;

  @BeforeAll
  static void start() throws Exception {
    services = ServiceFixture.get();
    receiver = new WebhookReceiver(0);
    endpoints = new WebhookEndpoints(services.pool,
        SecretCipher.load(services.system.settings().config(), services.pool), Clock.systemUTC());
    handler = WebhooksConsumer.definition(Clock.systemUTC()).handler();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void givenABatchOfOwnersWithAndWithoutEndpoints_thenOnlySubscribedActiveEndpointsGetDeliveriesOnce()
      throws Exception {
    String a = owner(), b = owner(), c = owner(), d = owner();
    UUID a1 = endpoint(a, Topics.QR_CREATED, Topics.QR_DELETED);
    endpoint(a, Topics.QR_DELETED);
    endpoints.delete(a, endpoint(a, Topics.QR_CREATED));
    endpoints.delete(c, endpoint(c, Topics.QR_CREATED));
    UUID d1 = endpoint(d, Topics.QR_CREATED);
    List<Message> batch = List.of(created(a), created(b), created(a), created(c), created(d), created(b));

    apply(batch);

    List<String> expected = List.of(
        row(a1, batch.get(0), Topics.QR_CREATED), row(a1, batch.get(2), Topics.QR_CREATED),
        row(d1, batch.get(4), Topics.QR_CREATED));
    assertEquals(sorted(expected), deliveries(a, b, c, d));
    apply(batch);
    assertEquals(sorted(expected), deliveries(a, b, c, d), "the same batch again queues nothing new");
  }

  @Test
  void givenABatchOfAlerts_thenTheChosenEndpointOfTheSameOwnerAndSubscribersGetThem() throws Exception {
    String e = owner(), f = owner(), g = owner(), h = owner();
    UUID chosen = endpoint(e, Topics.QR_DELETED);
    endpoint(e, Topics.QR_DELETED);
    UUID subscriber = endpoint(f, Topics.INSIGHTS_ALERT);
    List<Message> batch = List.of(alert(e, chosen), alert(f, null), alert(g, UUID.randomUUID()),
        alert(h, chosen)); // h names another owner's endpoint: not queued

    apply(batch);
    apply(batch);

    assertEquals(sorted(List.of(row(chosen, batch.get(0), Topics.INSIGHTS_ALERT),
        row(subscriber, batch.get(1), Topics.INSIGHTS_ALERT))), deliveries(e, f, g, h));
  }

  private static String owner() {
    return UUID.randomUUID().toString();
  }

  private static UUID endpoint(String owner, String... topics) throws Exception {
    return endpoints.create(owner, receiver.url("/batch"), null, List.of(topics), 20).orElseThrow()
        .endpoint().id();
  }

  private static Message created(String owner) {
    String code = "wb" + UUID.randomUUID().toString().substring(0, 8);
    Instant at = Instant.now();
    return message(Topics.QR_CREATED, new Envelope<>("QrCode|" + code + ":1", Topics.QR_CREATED, 1, at,
        code, new Payloads.QrCreated(code, owner, "https://example.com/" + code, null, List.of(), at)));
  }

  private static Message alert(String owner, UUID endpoint) {
    String id = UUID.randomUUID().toString();
    var alert = new Payloads.InsightsAlert(id, owner, UUID.randomUUID().toString(), "first-scan",
        "First scan of x", "x was scanned", "x", Instant.now(), List.of("webhook"),
        endpoint == null ? null : endpoint.toString());
    return message(Topics.INSIGHTS_ALERT,
        new Envelope<>("insights.alert:" + id, Topics.INSIGHTS_ALERT, 1, Instant.now(), owner, alert));
  }

  private static Message message(String topic, Envelope<?> envelope) {
    try {
      return new Message(topic, ContractJson.MAPPER.readTree(ContractJson.bytes(envelope)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void apply(List<Message> batch) throws Exception {
    try (Connection c = services.pool.getConnection()) {
      c.setAutoCommit(false);
      handler.applyAll(c, batch);
      c.commit();
    }
  }

  /** A delivery as {@link #deliveries} shows it: its id derived from endpoint and event id, its body the envelope. */
  private static String row(UUID endpoint, Message m, String topic) {
    String eventId = m.envelope().get("eventId").asText();
    return String.join("|", endpoint.toString(), eventId, topic, "t", "t",
        m.envelope().get("payload").get("ownerId").asText());
  }

  private static List<String> deliveries(String... owners) {
    return sorted(services.rows("SELECT endpoint_id, event_id, topic,"
        + " id = md5(endpoint_id::text || event_id)::uuid, body::jsonb ->> 'eventId' = event_id,"
        + " owner_id FROM integrations_db.webhook_deliveries WHERE owner_id::text IN (?, ?, ?, ?)",
        (Object[]) owners));
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }
}
