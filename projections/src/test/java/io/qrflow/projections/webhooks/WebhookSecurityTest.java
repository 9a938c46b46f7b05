package io.qrflow.projections.webhooks;

import static io.qrflow.projections.testing.ServiceFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.jdbc.Sql;
import io.qrflow.projections.testing.ServiceFixture;
import io.qrflow.projections.testing.TestTls;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook transport and secret storage on the real service: deliveries over HTTPS (resolver →
 * vetted address → TLS with the fixture's trust store) to a local receiver with a self-signed
 * certificate; a trusted certificate for another host is refused and logged as a failed delivery;
 * signing secrets are sealed at rest (also rows written before encryption) and still sign.
 */
class WebhookSecurityTest {

  private static final long TOLERANCE_SECONDS = 300;
  private static ServiceFixture services;
  private static SecretCipher cipher;
  private static WebhookEndpoints endpoints;
  private static WebhookReceiver https;
  private static WebhookReceiver wrongHost;
  private static WebhookReceiver plain;

  @BeforeAll
  static void start() throws Exception {
    services = ServiceFixture.get();
    cipher = SecretCipher.load(services.system.settings().config(), services.pool);
    endpoints = new WebhookEndpoints(services.pool, cipher, Clock.systemUTC());
    https = new WebhookReceiver(0, TestTls.get().loopback);
    wrongHost = new WebhookReceiver(0, TestTls.get().wrongHost);
    plain = new WebhookReceiver(0);
  }

  @AfterAll
  static void stop() {
    https.close();
    wrongHost.close();
    plain.close();
  }

  @Test
  void givenAnHttpsReceiverWithATrustedCertificate_thenTheDeliveryArrivesSigned() throws Exception {
    String owner = UUID.randomUUID().toString();
    var created = endpoints.create(owner, https.url("/tls"), null, List.of(Topics.QR_CREATED), 20).orElseThrow();
    assertTrue(created.endpoint().url().startsWith("https://127.0.0.1:"));
    var envelope = qrCreated(owner);
    services.publish(Topics.QR_CREATED, envelope);

    var delivered = eventually(() -> delivery(owner, created.endpoint().id(), "delivered"));
    assertEquals(200, delivered.lastStatusCode());
    var request = https.forDelivery(delivered.id().toString()).get(0);
    assertEquals("/tls", request.path());
    assertTrue(request.body().contains(envelope.eventId()));
    assertTrue(WebhookSignature.verify(created.secret(), request.signature(), request.body(),
        Instant.now().getEpochSecond(), TOLERANCE_SECONDS));
  }

  @Test
  void givenATrustedCertificateForAnotherHost_thenNothingIsSentAndTheLogSaysWhy() throws Exception {
    String owner = UUID.randomUUID().toString();
    var created = endpoints.create(owner, wrongHost.url("/wrong"), null, List.of(Topics.QR_CREATED), 20).orElseThrow();
    services.publish(Topics.QR_CREATED, qrCreated(owner));

    var dead = eventually(() -> delivery(owner, created.endpoint().id(), "dead"));
    assertNull(dead.lastStatusCode(), "no HTTP answer: the handshake failed");
    assertEquals(4, dead.log().size(), "every attempt logged as failed");
    assertTrue(dead.lastError().startsWith("SSLHandshakeException: No subject alternative names matching"),
        dead.lastError());
    assertTrue(wrongHost.requests.isEmpty(), "no request got through");
  }

  @Test
  void givenAnEndpoint_thenTheStoredSecretIsSealedAndOnlyOpensForThatEndpoint() throws Exception {
    String owner = UUID.randomUUID().toString();
    var created = endpoints.create(owner, plain.url("/sealed"), null, List.of(Topics.QR_CREATED), 20).orElseThrow();
    String stored = storedSecret(created.endpoint().id());
    assertNotEquals(created.secret(), stored);
    assertFalse(stored.contains(created.secret()), stored);
    assertTrue(stored.startsWith("v1."), stored);
    assertEquals(created.secret(), cipher.open(created.endpoint().id(), stored));
    assertThrows(IllegalStateException.class, () -> cipher.open(UUID.randomUUID(), stored),
        "a sealed secret moved to another endpoint does not open");
    assertThrows(IllegalStateException.class, () -> new SecretCipher(new byte[32]).open(created.endpoint().id(), stored),
        "another key does not open it");

    String rotated = endpoints.rotateSecret(owner, created.endpoint().id()).orElseThrow();
    String storedRotated = storedSecret(created.endpoint().id());
    assertFalse(storedRotated.contains(rotated));
    assertEquals(rotated, cipher.open(created.endpoint().id(), storedRotated));
  }

  @Test
  void givenASecretStoredInClearBeforeEncryption_whenSealed_thenDeliveriesStillSignWithIt() throws Exception {
    String owner = UUID.randomUUID().toString();
    UUID id = UUID.randomUUID();
    String clear = WebhookSignature.newSecret();
    try (Connection c = services.pool.getConnection()) {
      Sql.update(c, "INSERT INTO integrations_db.webhook_endpoints(id, owner_id, url, topics, secret, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)", id, UUID.fromString(owner), plain.url("/legacy"),
          c.createArrayOf("text", new String[] {Topics.QR_CREATED}), clear, Timestamp.from(Instant.now()));
    }
    assertTrue(cipher.sealClearSecrets(services.pool) >= 1);
    assertEquals(0, cipher.sealClearSecrets(services.pool), "idempotent");
    String stored = storedSecret(id);
    assertFalse(stored.contains(clear));

    services.publish(Topics.QR_CREATED, qrCreated(owner));
    var delivered = eventually(() -> delivery(owner, id, "delivered"));
    var request = plain.forDelivery(delivered.id().toString()).get(0);
    assertTrue(WebhookSignature.verify(clear, request.signature(), request.body(),
        Instant.now().getEpochSecond(), TOLERANCE_SECONDS), "signed with the secret the owner was given");
  }

  private static String storedSecret(UUID endpoint) {
    return services.rows("SELECT secret FROM integrations_db.webhook_endpoints WHERE id = ?", endpoint).get(0);
  }

  private static WebhookEndpoints.Delivery delivery(String owner, UUID endpoint, String status) {
    try {
      return endpoints.deliveries(owner, endpoint, 10).orElseThrow().stream()
          .filter(d -> d.status().equals(status)).findFirst().orElse(null);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Envelope<Payloads.QrCreated> qrCreated(String owner) {
    String code = "tls-" + UUID.randomUUID().toString().substring(0, 8);
    Instant at = Instant.now();
    return new Envelope<>("QrCode|" + code + ":1", Topics.QR_CREATED, 1, at, code,
        new Payloads.QrCreated(code, owner, "https://example.com/" + code, null, List.of(), at));
  }
}
