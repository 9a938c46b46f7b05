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
