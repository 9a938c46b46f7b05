package io.qrflow.projections.consume;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Reads contract fields from a payload; a field breaking the contract makes a poison message. */
public final class PayloadFields {

  private PayloadFields() {}

  public static String text(JsonNode payload, String field) throws PoisonMessage {
    JsonNode value = payload.get(field);
    if (value == null || !value.isTextual()) throw new PoisonMessage("payload." + field + " is missing");
    return value.asText();
  }

  public static Timestamp instant(JsonNode payload, String field) throws PoisonMessage {
    try {
      return Timestamp.from(Instant.parse(text(payload, field)));
    } catch (DateTimeParseException e) {
      throw new PoisonMessage("payload." + field + " is not an ISO-8601 instant");
    }
  }

  public static UUID uuid(JsonNode payload, String field) throws PoisonMessage {
    String text = text(payload, field);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new PoisonMessage("payload." + field + " is not a UUID");
    }
  }
}
