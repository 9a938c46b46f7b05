package io.qrflow.projections.contracts;

import java.util.List;
import java.util.Set;

/** The 13 Kafka topics of qrflow, in one place. Their contracts: docs/events.md. */
public final class Topics {

  public static final String USER_REGISTERED = "user.registered";
  public static final String USER_LOGGED_IN = "user.logged_in";
  public static final String QR_CREATED = "qr.created";
  public static final String QR_UPDATED = "qr.updated";
  public static final String QR_DELETED = "qr.deleted";
  public static final String QR_SCANNED = "qr.scanned";
  public static final String MICROSITE_CREATED = "microsite.created";
  public static final String MICROSITE_PUBLISHED = "microsite.published";
  public static final String ML_GENERATION_REQUESTED = "ml.generation.requested";
  public static final String ML_GENERATION_COMPLETE = "ml.generation.complete";
  public static final String ML_ANOMALY_DETECTED = "ml.anomaly.detected";
  public static final String ANALYTICS_EVENT = "analytics.event";
  public static final String INSIGHTS_ALERT = "insights.alert";

  public static final List<String> ALL = List.of(
      USER_REGISTERED, USER_LOGGED_IN, QR_CREATED, QR_UPDATED, QR_DELETED, QR_SCANNED,
      MICROSITE_CREATED, MICROSITE_PUBLISHED, ML_GENERATION_REQUESTED, ML_GENERATION_COMPLETE,
      ML_ANOMALY_DETECTED, ANALYTICS_EVENT, INSIGHTS_ALERT);

  /**
   * Topics with one message per item of a journal event (a scan, a page view or click), event id
   * {@code <persistence id>:<sequence number>:<index>}, the items of one event sent in index order.
   */
  public static final Set<String> ONE_MESSAGE_PER_ITEM = Set.of(QR_SCANNED, ANALYTICS_EVENT);

  private Topics() {}
}
