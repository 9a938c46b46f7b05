package io.qrflow.projections.contracts;

import io.qrflow.qr.QrCode;
import io.qrflow.qr.Scan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns QrCode journal events into the messages of qr.created/updated/deleted/scanned. */
public final class QrCodeContracts {

  static final int VERSION = 1;

  private QrCodeContracts() {}

  /**
   * @param persistenceId and {@code sequenceNr} identify the journal event; together they make
   *     the event ids, so a redelivered event yields the same ids
   */
  public static List<OutgoingMessage> messages(String persistenceId, long sequenceNr, QrCode.Event event) {
    String id = persistenceId + ":" + sequenceNr;
    if (event instanceof QrCode.QrCodeCreated e) {
      return List.of(message(Topics.QR_CREATED, id, e.at(), e.code(),
          new Payloads.QrCreated(e.code(), e.ownerId(), e.target(), e.title(), e.tags(), e.at())));
    } else if (event instanceof QrCode.TargetChanged e) {
      return List.of(updated(id, e.at(), new Payloads.QrUpdated(e.code(), e.ownerId(), "target",
          e.newTarget(), e.oldTarget(), null, null, null, e.at())));
    } else if (event instanceof QrCode.DetailsChanged e) {
      return List.of(updated(id, e.at(), new Payloads.QrUpdated(e.code(), e.ownerId(), "details",
          null, null, e.title(), e.tags(), null, e.at())));
    } else if (event instanceof QrCode.QrCodePaused e) {
      return List.of(updated(id, e.at(), new Payloads.QrUpdated(e.code(), e.ownerId(), "paused",
          null, null, null, null, "paused", e.at())));
    } else if (event instanceof QrCode.QrCodeResumed e) {
      return List.of(updated(id, e.at(), new Payloads.QrUpdated(e.code(), e.ownerId(), "resumed",
          null, null, null, null, "active", e.at())));
    } else if (event instanceof QrCode.QrCodeArchived e) {
      return List.of(message(Topics.QR_DELETED, id, e.at(), e.code(),
          new Payloads.QrDeleted(e.code(), e.ownerId(), e.at())));
    } else if (event instanceof QrCode.ScansRecorded e) {
      return scanned(id, e);
    }
    return List.of(); // no other event is published
  }

  /** One message per scan: consumers count scans, not batches. */
  private static List<OutgoingMessage> scanned(String id, QrCode.ScansRecorded batch) {
    List<OutgoingMessage> messages = new ArrayList<>(batch.scans().size());
    for (int i = 0; i < batch.scans().size(); i++) {
      Scan s = batch.scans().get(i);
      messages.add(message(Topics.QR_SCANNED, id + ":" + i, s.at(), batch.code(),
          new Payloads.QrScanned(batch.code(), batch.ownerId(), s.at(), s.visitorId(), s.country(),
              s.userAgent(), s.referrerHost(), s.language())));
    }
    return messages;
  }

  private static OutgoingMessage updated(String id, Instant at, Payloads.QrUpdated payload) {
    return message(Topics.QR_UPDATED, id, at, payload.code(), payload);
  }

  static OutgoingMessage message(String topic, String eventId, Instant at, String key, Object payload) {
    return new OutgoingMessage(topic, key, new Envelope<>(eventId, topic, VERSION, at, key, payload));
  }
}
