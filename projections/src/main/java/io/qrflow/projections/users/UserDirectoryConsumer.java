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

  /**
   * The two topics are read in parallel, so a login may arrive before its registration: either
   * message starts the row, registration fills in its fields, logins only add up.
   */
  static void apply(Connection c, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
    JsonNode p = envelope.get("payload");
    var userId = uuid(p, "userId");
    switch (topic) {
      case Topics.USER_REGISTERED -> Sql.update(c, "INSERT INTO auth_service.users(user_id, email,"
              + " display_name, registered_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE"
              + " SET display_name = EXCLUDED.display_name, registered_at = EXCLUDED.registered_at",
          userId, text(p, "email"), text(p, "displayName"), instant(p, "registeredAt"));
      case Topics.USER_LOGGED_IN -> Sql.update(c, "INSERT INTO auth_service.users(user_id, email,"
              + " last_login_at, login_count) VALUES (?, ?, ?, 1) ON CONFLICT (user_id) DO UPDATE"
              + " SET last_login_at = GREATEST(auth_service.users.last_login_at, EXCLUDED.last_login_at),"
              + " login_count = auth_service.users.login_count + 1",
          userId, text(p, "email"), instant(p, "loggedInAt"));
      default -> throw new PoisonMessage("not a user topic: " + topic);
    }
  }
}
