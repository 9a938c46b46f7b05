package io.qrflow.projections.consume;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last error each consumer on this node met, for the pipeline view. */
public final class ConsumerStatus {

  public record LastError(String message, Instant at) {}

  private static final Map<String, LastError> LAST_ERRORS = new ConcurrentHashMap<>();

  private ConsumerStatus() {}

  static void failed(String group, String message) {
    LAST_ERRORS.put(group, new LastError(message, Instant.now()));
  }

  public static LastError lastError(String group) {
    return LAST_ERRORS.get(group);
  }
}
