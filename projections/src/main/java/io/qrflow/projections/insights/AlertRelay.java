package io.qrflow.projections.insights;

import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.InsightsContracts;
import io.qrflow.projections.contracts.OutgoingMessage;
import io.qrflow.projections.publish.OrderedSender;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Relays recorded firings to insights.alert (an outbox): sends a batch with the idempotent
 * producer, waits for the broker's acks, then marks them published. A crash in between sends them
 * again with the same event id ({@code insights.alert:<alertId>}, derived from the firing key), so
 * consumers dedupe the copy. Rows are locked while relayed, so relays on several nodes do not
 * interleave.
 */
final class AlertRelay {

  private final DataSource dataSource;
  private final OrderedSender producer;
  private final int batchSize;
  private final Duration sendTimeout;

  AlertRelay(DataSource dataSource, OrderedSender producer, int batchSize, Duration sendTimeout) {
    this.dataSource = dataSource;
    this.producer = producer;
    this.batchSize = batchSize;
    this.sendTimeout = sendTimeout;
  }

  /** One batch; true if it was full (more may be waiting). */
  boolean relay() throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      List<String> keys = new ArrayList<>();
      List<CompletableFuture<?>> acks = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT firing_key, alert_id, owner_id, workflow_id,"
          + " kind, title, detail, code, fired_at, actions, webhook_endpoint_id"
          + " FROM workflow_db.insight_firings WHERE published_at IS NULL ORDER BY recorded_at"
          + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
        s.setInt(1, batchSize);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            keys.add(rs.getString(1));
            OutgoingMessage message = message(rs);
            acks.add(producer.send(new ProducerRecord<>(message.topic(), message.key(),
                ContractJson.bytes(message.value()))));
          }
        }
      }
      if (keys.isEmpty()) return false;
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      try (PreparedStatement s = c.prepareStatement("UPDATE workflow_db.insight_firings"
          + " SET published_at = now() WHERE firing_key = ANY(?)")) {
        s.setArray(1, c.createArrayOf("text", keys.toArray()));
        s.executeUpdate();
      }
      c.commit();
      return keys.size() == batchSize;
    }
  }

  private static OutgoingMessage message(ResultSet rs) throws SQLException {
    Array actions = rs.getArray(10);
    return InsightsContracts.alert(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class).toString(),
        rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
        rs.getTimestamp(9).toInstant(), Arrays.asList((String[]) actions.getArray()),
        rs.getObject(11, UUID.class));
  }
}
