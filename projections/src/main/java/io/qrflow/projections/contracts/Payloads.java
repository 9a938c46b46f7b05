package io.qrflow.projections.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The published payloads, version 1. These are the contract of docs/events.md: add optional
 * fields freely, anything else is a new version. Internal event classes are never published.
 */
public final class Payloads {

  private Payloads() {}

  public record UserRegistered(String userId, String email, String displayName, Instant registeredAt) {}

  /** {@code client} is the user agent; never an IP address. */
  public record UserLoggedIn(String userId, String email, String client, Instant loggedInAt) {}

  public record QrCreated(
      String code, String ownerId, String target, String title, List<String> tags, Instant createdAt) {}

  /**
   * One change of a code: {@code change} is "target", "details", "paused" or "resumed"; the
   * fields not concerned by it are null.
   */
  public record QrUpdated(
      String code,
      String ownerId,
      String change,
      String target,
      String previousTarget,
      String title,
      List<String> tags,
      String status,
      Instant updatedAt) {}

  /** A code was archived: scans now get 410. */
  public record QrDeleted(String code, String ownerId, Instant deletedAt) {}

  /** One scan. {@code visitorId} is a daily-salted keyed hash of IP and user agent. */
  public record QrScanned(
      String code,
      String ownerId,
      Instant scannedAt,
      String visitorId,
      String country,
      String userAgent,
      String referrerHost,
      String language) {}

  public record MicrositeCreated(String slug, String ownerId, String title, Instant createdAt) {}

  /** {@code published} is false when the site was unpublished; {@code version} the one shown. */
  public record MicrositePublished(
      String slug, String ownerId, boolean published, int version, Instant at) {}

  public record GenerationRequested(
      String requestId,
      String slug,
      String ownerId,
      String prompt,
      String tone,
      String language,
      Instant requestedAt) {}

  /**
   * The ml service's answer. {@code content} is null unless {@code status} is "ok"; its blocks
   * use the microsite block JSON ({@code type} plus the block's fields).
   */
  public record GenerationComplete(
      String requestId,
      String slug,
      String ownerId,
      String status,
      String error,
      String generator,
      GeneratedContent content,
      Instant completedAt) {}

  public record GeneratedContent(String title, String tagline, List<io.qrflow.microsite.Block> blocks) {}

  /** One microsite page view or link click, anonymized like scans. */
  public record AnalyticsEvent(
      String slug,
      String ownerId,
      String kind,
      String target,
      Instant at,
      String visitorId,
      String country,
      String userAgent,
      String referrerHost) {}

  /** A scan anomaly of one code, with the evidence the model saw. */
  public record AnomalyDetected(
      String code,
      String ownerId,
      String kind,
      double score,
      double expected,
      double observed,
      Instant windowStart,
      Instant windowEnd,
      java.util.Map<String, Object> evidence) {}
  /**
   * A workflow fired (insights.alert, key = owner id). {@code actions} names what the owner chose:
   * "email" (the e-mail service mails the owner), "webhook" ({@code webhookEndpointId} receives it).
   */
  public record InsightsAlert(
      String alertId,
      String ownerId,
      String workflowId,
      String kind,
      String title,
      String detail,
      String code,
      Instant firedAt,
      List<String> actions,
      String webhookEndpointId) {}
}
