package io.qrflow.projections.consume;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A service's reaction to one message, written through {@code connection} inside the
 * transaction that also records the message's event id and offset.
 */
@FunctionalInterface
public interface MessageHandler {

  /** A message of a batch: its topic and envelope. */
  record Message(String topic, JsonNode envelope) {}

  void apply(Connection connection, String topic, JsonNode envelope) throws SQLException, PoisonMessage;

  /**
   * Several messages of one partition, in order, in one transaction (services whose definition
   * allows batches): by default one after another; a service may fold them together.
   */
  default void applyAll(Connection connection, List<Message> messages) throws SQLException, PoisonMessage {
    for (Message m : messages) apply(connection, m.topic(), m.envelope());
  }
}
