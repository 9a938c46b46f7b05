package io.qrflow.projections.webhooks;

import static io.qrflow.projections.testing.ServiceFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.testing.ServiceFixture;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook service on real Kafka and PostgreSQL, delivering to a real local HTTP receiver
 * (127.0.0.1 is on the fixture's dev allow-list): signatures, retries with backoff, exactly one
 * success per event and endpoint despite redelivery, dead letters, replay, SSRF refusal at send time.
 */
class WebhookDeliveryTest {

  private static final long TOLERANCE_SECONDS = 300;
  private static ServiceFixture services;
  private static WebhookReceiver receiver;
  private static WebhookEndpoints endpoints;

  @BeforeAll
  static void start() throws Exception {
    services = ServiceFixture.get();
    receiver = new WebhookReceiver(2);
    endpoints = new WebhookEndpoints(services.pool,
        SecretCipher.load(services.system.settings().config(), services.pool), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void givenAReceiverFailingTwice_whenTheEventComesThreeTimes_thenRetriedAndDeliveredOnceSigned() throws Exception {
    String owner = UUID.randomUUID().toString();
    var created = endpoints.create(owner, receiver.url("/flaky"), "test", List.of(Topics.QR_CREATED), 20).orElseThrow();
    var stranger = endpoints.create(UUID.randomUUID().toString(), receiver.url("/stranger"), null,
        List.of(Topics.QR_CREATED), 20).orElseThrow();
    var envelope = qrCreated("wh-" + UUID.randomUUID().toString().substring(0, 8), owner);

    services.publish(Topics.QR_CREATED, envelope);
    services.publish(Topics.QR_CREATED, envelope); // the publisher's redelivery: same event id
    try (Connection c = services.pool.getConnection()) { // and the handler once more, past the dedupe
      WebhooksConsumer.enqueue(c, Topics.QR_CREATED, ContractJson.MAPPER.readTree(ContractJson.bytes(envelope)),
          Clock.systemUTC());
    }

    var delivery = eventually(() -> deliveries(owner, created.endpoint().id()).stream()
        .filter(d -> d.status().equals("delivered")).findFirst().orElse(null));
    Thread.sleep(1_500); // room for any wrong second delivery
    List<WebhookReceiver.Request> requests = receiver.forDelivery(delivery.id().toString());
    assertEquals(List.of(500, 500, 200), requests.stream().map(WebhookReceiver.Request::answered).toList());
    for (var request : requests) {
      assertEquals("/flaky", request.path());
      assertEquals(Topics.QR_CREATED, request.event());
      assertTrue(WebhookSignature.verify(created.secret(), request.signature(), request.body(),
          Instant.now().getEpochSecond(), TOLERANCE_SECONDS), request.signature());
      assertTrue(request.signature().startsWith("t=" + request.timestamp() + ",v1="));
      JsonNode body = ContractJson.MAPPER.readTree(request.body());
      assertEquals(envelope.eventId(), body.get("eventId").asText());
      assertEquals(owner, body.get("payload").get("ownerId").asText());
    }
    assertTrue(requests.get(1).atMillis() - requests.get(0).atMillis() >= 100, "backoff before retry 1");
    assertTrue(requests.get(2).atMillis() - requests.get(1).atMillis() >= 200, "backoff doubles");
    var log = deliveries(owner, created.endpoint().id());
    assertEquals(1, log.size(), "one delivery per endpoint and event");
    assertEquals(3, log.get(0).attempts());
    assertEquals(List.of(500, 500, 200), log.get(0).log().stream().map(WebhookEndpoints.Attempt::statusCode).toList());
    assertEquals(0, deliveries(stranger.endpoint().id()), "another owner's endpoint gets nothing");
  }

  @Test
  void givenAReceiverThatStaysDown_thenTheDeliveryDiesAfterMaxAttemptsAndAReplayDeliversIt() throws Exception {
    String owner = UUID.randomUUID().toString();
    var created = endpoints.create(owner, receiver.url("/down-then-up"), null, List.of(Topics.QR_CREATED), 20).orElseThrow();
    receiver.down = true;
    try {
      services.publish(Topics.QR_CREATED, qrCreated("dn-" + UUID.randomUUID().toString().substring(0, 8), owner));
      var dead = eventually(() -> deliveries(owner, created.endpoint().id()).stream()
          .filter(d -> d.status().equals("dead")).findFirst().orElse(null));
      assertEquals(4, dead.attempts(), "max-attempts of the fixture");
      assertEquals(4, dead.log().size());
      assertEquals(503, dead.lastStatusCode());
    } finally {
      receiver.down = false;
    }
    var dead = deliveries(owner, created.endpoint().id()).get(0);
    assertTrue(endpoints.replay(owner, created.endpoint().id(), dead.id()));
    assertEquals(false, endpoints.replay(UUID.randomUUID().toString(), created.endpoint().id(), dead.id()),
        "another owner cannot replay it");
    var replayed = eventually(() -> deliveries(owner, created.endpoint().id()).stream()
        .filter(d -> d.status().equals("delivered")).findFirst().orElse(null));
    assertEquals(1, replayed.replays());
    assertEquals(dead.id(), replayed.id(), "a replay keeps the delivery id receivers dedupe on");
  }

  @Test
  void givenTargetsThatResolveToLoopbackOffTheAllowList_thenNothingIsSentAndTheLogSaysRefused() throws Exception {
    String owner = UUID.randomUUID().toString();
    // Registered through the store directly: as if the name had pointed elsewhere at registration.
    var https = endpoints.create(owner, "https://localhost:" + receiver.port() + "/ssrf", null,
        List.of(Topics.QR_CREATED), 20).orElseThrow();
    var http = endpoints.create(owner, "http://localhost:" + receiver.port() + "/ssrf", null,
        List.of(Topics.QR_CREATED), 20).orElseThrow();
    services.publish(Topics.QR_CREATED, qrCreated("sr-" + UUID.randomUUID().toString().substring(0, 8), owner));

    for (var endpoint : List.of(https, http)) {
      var dead = eventually(() -> deliveries(owner, endpoint.endpoint().id()).stream()
          .filter(d -> d.status().equals("dead")).findFirst().orElse(null));
      assertTrue(dead.lastError().startsWith("refused: "), dead.lastError());
      assertEquals(null, dead.lastStatusCode());
    }
    assertTrue(receiver.requests.stream().noneMatch(r -> r.path().equals("/ssrf")), "no request reached it");
  }

  @Test
  void givenAnAlertWhoseWorkflowChoseAnEndpoint_thenThatEndpointGetsItWithoutSubscribing() throws Exception {
    String owner = UUID.randomUUID().toString();
    var chosen = endpoints.create(owner, receiver.url("/chosen"), null, List.of(Topics.QR_DELETED), 20).orElseThrow();
    var other = endpoints.create(owner, receiver.url("/other"), null, List.of(Topics.QR_DELETED), 20).orElseThrow();
    receiver.failFirst = 0;
    try {
      String alertId = UUID.randomUUID().toString();
      var alert = new Payloads.InsightsAlert(alertId, owner, UUID.randomUUID().toString(), "first-scan",
          "First scan of x", "x was scanned", "x", Instant.now(), List.of("webhook"),
          chosen.endpoint().id().toString());
      services.publish(Topics.INSIGHTS_ALERT, new Envelope<>("insights.alert:" + alertId,
          Topics.INSIGHTS_ALERT, 1, Instant.now(), owner, alert));
      eventually(() -> deliveries(owner, chosen.endpoint().id()).stream()
          .filter(d -> d.status().equals("delivered")).findFirst().orElse(null));
      assertEquals(0, deliveries(other.endpoint().id()));
    } finally {
      receiver.failFirst = 2;
    }
  }

  private static Envelope<Payloads.QrCreated> qrCreated(String code, String owner) {
    Instant at = Instant.now();
    return new Envelope<>("QrCode|" + code + ":1", Topics.QR_CREATED, 1, at, code,
        new Payloads.QrCreated(code, owner, "https://example.com/" + code, null, List.of(), at));
  }

  private static List<WebhookEndpoints.Delivery> deliveries(String owner, UUID endpoint) {
    try {
      return endpoints.deliveries(owner, endpoint, 50).orElseThrow();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int deliveries(UUID endpoint) {
    return services.rows("SELECT id FROM integrations_db.webhook_deliveries WHERE endpoint_id = ?", endpoint).size();
  }
}
