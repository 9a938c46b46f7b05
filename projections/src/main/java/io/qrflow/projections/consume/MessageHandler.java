package io.qrflow.projections.consume;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A service's reaction to one message, written through {@code connection} inside the
 * transaction that also records the message's event id and offset.
 */
@FunctionalInterface
public interface MessageHandler {
  void apply(Connection connection, String topic, JsonNode envelope) throws SQLException, PoisonMessage;
}
