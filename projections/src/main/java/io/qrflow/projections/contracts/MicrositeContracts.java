package io.qrflow.projections.contracts;

import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Visit;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Microsite journal events into microsite.created, microsite.published,
 * ml.generation.requested and analytics.event messages (one per page view or click).
 */
public final class MicrositeContracts {

  private MicrositeContracts() {}

  public static List<OutgoingMessage> messages(String persistenceId, long sequenceNr, Microsite.Event event) {
    String id = persistenceId + ":" + sequenceNr;
    if (event instanceof Microsite.MicrositeCreated e) {
      return List.of(QrCodeContracts.message(Topics.MICROSITE_CREATED, id, e.at(), e.slug(),
          new Payloads.MicrositeCreated(e.slug(), e.ownerId(), e.title(), e.at())));
    } else if (event instanceof Microsite.MicrositePublished e) {
      return List.of(QrCodeContracts.message(Topics.MICROSITE_PUBLISHED, id, e.at(), e.slug(),
          new Payloads.MicrositePublished(e.slug(), e.ownerId(), true, e.version(), e.at())));
    } else if (event instanceof Microsite.MicrositeUnpublished e) {
      return List.of(QrCodeContracts.message(Topics.MICROSITE_PUBLISHED, id, e.at(), e.slug(),
          new Payloads.MicrositePublished(e.slug(), e.ownerId(), false, e.version(), e.at())));
    } else if (event instanceof Microsite.GenerationRequested e) {
      return List.of(QrCodeContracts.message(Topics.ML_GENERATION_REQUESTED, id, e.at(), e.slug(),
          new Payloads.GenerationRequested(e.requestId(), e.slug(), e.ownerId(), e.prompt(),
              e.tone(), e.language(), e.at())));
    } else if (event instanceof Microsite.VisitsRecorded e) {
      return visits(id, e);
    }
    return List.of(); // no other event is published
  }

  /** One message per visit: analytics counts views and clicks, not batches. */
  private static List<OutgoingMessage> visits(String id, Microsite.VisitsRecorded batch) {
    List<OutgoingMessage> messages = new ArrayList<>(batch.visits().size());
    for (int i = 0; i < batch.visits().size(); i++) {
      Visit v = batch.visits().get(i);
      messages.add(QrCodeContracts.message(Topics.ANALYTICS_EVENT, id + ":" + i, v.at(), batch.slug(),
          new Payloads.AnalyticsEvent(batch.slug(), batch.ownerId(), v.kind(), v.target(), v.at(),
              v.visitorId(), v.country(), v.userAgent(), v.referrerHost())));
    }
    return messages;
  }
}
