package io.qrflow.projections.users;

import static io.qrflow.projections.consume.PayloadFields.instant;
import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** The user directory {@code auth_service.users}, kept from user.registered and user.logged_in. */
public final class UserDirectoryConsumer {

  public static final String GROUP = "user-directory";

  private UserDirectoryConsumer() {}

  public static ConsumerDefinition definition() {
    return new ConsumerDefinition(GROUP, "auth_service",
        Set.of(Topics.USER_REGISTERED, Topics.USER_LOGGED_IN), UserDirectoryConsumer::apply);
  }

  static void apply(Connection c, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
    JsonNode p = envelope.get("payload");
    var userId = uuid(p, "userId");
    switch (topic) {
      case Topics.USER_REGISTERED -> Sql.update(c, "INSERT INTO auth_service.users(user_id,"
              + " email, display_name, registered_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
          userId, text(p, "email"), text(p, "displayName"), instant(p, "registeredAt"));
      case Topics.USER_LOGGED_IN -> Sql.update(c, "UPDATE auth_service.users SET last_login_at ="
              + " GREATEST(last_login_at, ?), login_count = login_count + 1 WHERE user_id = ?",
          instant(p, "loggedInAt"), userId);
      default -> throw new PoisonMessage("not a user topic: " + topic);
    }
  }
}
