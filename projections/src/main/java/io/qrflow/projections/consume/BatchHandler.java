package io.qrflow.projections.consume;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A service that works on whole batches: a single message is a batch of one. */
public interface BatchHandler extends MessageHandler {

  @Override
  default void apply(Connection connection, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
    applyAll(connection, List.of(new Message(topic, envelope)));
  }

  @Override
  void applyAll(Connection connection, List<Message> messages) throws SQLException, PoisonMessage;
}
