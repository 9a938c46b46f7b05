package io.qrflow.projections.contracts;

import java.time.Instant;

/**
 * The ml service's messages. Their event ids are derived from what caused them, so a message
 * produced again after a crash (before the consumer's transaction committed) has the same id
 * and consumers drop the copy.
 */
public final class MlContracts {

  private MlContracts() {}

  /** The answer to a generation request; its id is the request message's id, prefixed. */
  public static OutgoingMessage generationComplete(String requestEventId, Payloads.GenerationComplete payload) {
    return QrCodeContracts.message(Topics.ML_GENERATION_COMPLETE, "ml:" + requestEventId,
        payload.completedAt(), payload.slug(), payload);
  }

  /** One anomaly of one code in one window: code, kind and window make the id. */
  public static OutgoingMessage anomaly(Payloads.AnomalyDetected payload) {
    String id = "ml-anomaly:" + payload.code() + ":" + payload.kind() + ":"
        + payload.windowStart().toEpochMilli();
    Instant at = payload.windowEnd();
    return QrCodeContracts.message(Topics.ML_ANOMALY_DETECTED, id, at, payload.code(), payload);
  }
}
