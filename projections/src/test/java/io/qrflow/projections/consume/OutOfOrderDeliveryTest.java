package io.qrflow.projections.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.OutgoingMessage;
import io.qrflow.projections.contracts.QrCodeContracts;
import io.qrflow.projections.contracts.UserAccountContracts;
import io.qrflow.projections.routing.RoutesConsumer;
import io.qrflow.projections.users.UserDirectoryConsumer;
import io.qrflow.qr.QrCode;
import io.qrflow.user.UserAccount;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers read several topics in parallel, so one entity's messages can come in any order
 * across topics. Whatever the order, the rows must end up as the entity's latest state.
 */
class OutOfOrderDeliveryTest {

  @TempDir static Path dataDir;
  private static EmbeddedPostgresServer postgres;
  private static HikariDataSource pool;
  private static final String OWNER = "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a001";
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgresServer.start(dataDir.resolve("pg"), 0);
    pool = Database.pool(postgres.settings(2), "out-of-order");
    Database.migrate(pool);
  }

  @AfterAll
  static void stop() {
    pool.close();
    postgres.close();
  }

  @Test
  void givenChangesBeforeTheCreation_thenTheRouteEndsAtTheLatestTargetAndStatus() throws Exception {
    var created = qr(1, new QrCode.QrCodeCreated("ooo", OWNER, "https://example.com/1", null, List.of(), T0));
    var retargeted = qr(2, new QrCode.TargetChanged("ooo", OWNER, "https://example.com/1", "https://example.com/2", T0.plusSeconds(1)));
    var paused = qr(3, new QrCode.QrCodePaused("ooo", OWNER, T0.plusSeconds(2)));

    deliver(RoutesConsumer.definition(), paused, retargeted, created); // reversed

    assertEquals("https://example.com/2|PAUSED", row(
        "SELECT target || '|' || status FROM routing_db.routes WHERE code = 'ooo'"));
  }

  @Test
  void givenLoginsBeforeTheRegistration_thenEveryLoginCountsAndTheProfileIsComplete() throws Exception {
    String user = "9b2f7c1e-1111-4222-8333-944455556666";
    var registered = user(1, new UserAccount.UserRegistered("eve@example.com", user, "Eve", "h", T0));
    var login1 = user(2, new UserAccount.UserLoggedIn("eve@example.com", user, "UA", T0.plusSeconds(5)));
    var login2 = user(3, new UserAccount.UserLoggedIn("eve@example.com", user, "UA", T0.plusSeconds(9)));

    deliver(UserDirectoryConsumer.definition(), login2, login1, registered);

    assertEquals("Eve|2|2026-11-25 10:00:09+00", row("SELECT display_name || '|' || login_count || '|'"
        + " || to_char(last_login_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'"
        + " FROM auth_service.users WHERE user_id = '" + user + "'"));
  }

  private static OutgoingMessage qr(long seq, QrCode.Event event) {
    return QrCodeContracts.messages("QrCode|ooo", seq, event).get(0);
  }

  private static OutgoingMessage user(long seq, UserAccount.Event event) {
    return UserAccountContracts.messages(seq, event).get(0);
  }

  @Test
  void givenAnInsertRacingAnotherPartition_whenItFailsOnce_thenAppliedOnRetryNotDeadLettered()
      throws Exception {
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    var definition = UserDirectoryConsumer.definition();
    MessageHandler racing = (c, topic, envelope) -> {
      if (calls.incrementAndGet() == 1) {
        throw new java.sql.SQLException("duplicate key value violates unique constraint", "23505");
      }
      definition.handler().apply(c, topic, envelope);
    };
    var service = new ConsumerDefinition(definition.group(), definition.schema(),
        definition.topics(), racing);
    var login = user(2, new UserAccount.UserLoggedIn("racer@example.com",
        "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a0aa", "UA", T0));
    var record = new org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>(
        login.topic(), 0, 0L, login.key(), ContractJson.bytes(login.value()));

    ExactlyOnceConsumer.apply(pool, new ConsumerBookkeeping(definition.group(), definition.schema()), service, record);

    assertEquals(2, calls.get(), "run again after the unique violation");
    assertEquals("1", row("SELECT login_count FROM auth_service.users WHERE email = 'racer@example.com'"));
    assertEquals("0", row("SELECT count(*) FROM " + definition.schema() + ".dead_letters"));
  }

  private static void deliver(ConsumerDefinition consumer, OutgoingMessage... messages) throws Exception {
    try (Connection c = pool.getConnection()) {
      for (OutgoingMessage m : messages) {
        JsonNode envelope = ContractJson.MAPPER.readTree(ContractJson.bytes(m.value()));
        consumer.handler().apply(c, m.topic(), envelope);
      }
    }
  }

  private static String row(String sql) throws Exception {
    try (Connection c = pool.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
