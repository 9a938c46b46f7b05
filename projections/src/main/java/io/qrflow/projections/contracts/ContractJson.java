package io.qrflow.projections.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/** The wire form of messages: UTF-8 JSON, times as ISO-8601 strings, nulls written out. */
public final class ContractJson {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private ContractJson() {}

  public static byte[] bytes(Envelope<?> envelope) {
    try {
      return MAPPER.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("contract payloads always serialize", e);
    }
  }

  public static String text(Envelope<?> envelope) {
    return new String(bytes(envelope), StandardCharsets.UTF_8);
  }
}
