package io.qrflow.projections.email;

import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The e-mail service's consumer (group {@code email}): each message that warrants a mail becomes
 * one outbox row keyed by its event id, written in the consumer's transaction, so a redelivered
 * message never queues a second mail. {@link OutboxSender} sends what is queued.
 */
public final class EmailConsumer {

  public static final String GROUP = "email";
  public static final String SCHEMA = "integrations_db";
  public static final Set<String> TOPICS = Set.of(Topics.USER_REGISTERED, Topics.QR_CREATED,
      Topics.MICROSITE_CREATED, Topics.MICROSITE_PUBLISHED, Topics.ML_GENERATION_COMPLETE,
      Topics.INSIGHTS_ALERT);

  private final EmailTemplates templates;
  private final VerificationTokens tokens;
  private final EmailOutbox outbox;
  private final String base;

  public EmailConsumer(EmailTemplates templates, VerificationTokens tokens, EmailOutbox outbox,
      String linkBaseUrl) {
    this.templates = templates;
    this.tokens = tokens;
    this.outbox = outbox;
    this.base = linkBaseUrl;
  }

  public ConsumerDefinition definition() {
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, this::apply);
  }

  /** Group, schema and topics for the pipeline view, which only reads offsets. */
  public static ConsumerDefinition forMonitoring() {
    return new ConsumerDefinition(GROUP, SCHEMA, TOPICS, (c, topic, envelope) -> {
      throw new IllegalStateException("a monitoring definition applies nothing");
    });
  }

  void apply(Connection c, String topic, JsonNode envelope) throws SQLException, PoisonMessage {
    String eventId = text(envelope, "eventId");
    JsonNode p = envelope.get("payload");
    if (p == null || !p.isObject()) throw new PoisonMessage("payload is missing");
    switch (topic) {
      case Topics.USER_REGISTERED -> {
        UUID user = uuid(p, "userId");
        String email = text(p, "email");
        String name = text(p, "displayName");
        Sql.update(c, "INSERT INTO integrations_db.email_recipients(user_id, email, display_name)"
            + " VALUES (?, ?, ?) ON CONFLICT (user_id) DO NOTHING", user, email, name);
        String verifyUrl = base + "/api/v1/auth/verify?token=" + tokens.issue(user.toString(), email);
        queue(c, eventId, user, EmailKind.WELCOME, email, Map.of("displayName", name,
            "verifyUrl", verifyUrl, "verifyHours", String.valueOf(tokens.ttl().toHours())));
      }
      case Topics.QR_CREATED -> {
        String code = text(p, "code");
        queue(c, eventId, uuid(p, "ownerId"), EmailKind.QR_CREATED, null, Map.of("code", code,
            "target", text(p, "target"), "shortUrl", base + "/r/" + code,
            "imageUrl", base + "/q/" + code + ".png"));
      }
      case Topics.MICROSITE_CREATED -> {
        String slug = text(p, "slug");
        queue(c, eventId, uuid(p, "ownerId"), EmailKind.MICROSITE_CREATED, null, Map.of(
            "slug", slug, "title", text(p, "title"), "pageUrl", base + "/m/" + slug));
      }
      case Topics.MICROSITE_PUBLISHED -> {
        String slug = text(p, "slug");
        boolean published = p.path("published").asBoolean(true);
        queue(c, eventId, uuid(p, "ownerId"), EmailKind.MICROSITE_PUBLISHED, null, Map.of(
            "slug", slug, "state", published ? "published" : "unpublished",
            "version", p.path("version").asText("?"), "pageUrl", base + "/m/" + slug));
      }
      case Topics.ML_GENERATION_COMPLETE -> {
        String slug = text(p, "slug");
        boolean ok = "ok".equals(text(p, "status"));
        String error = p.path("error").isTextual() ? p.get("error").asText() : "unknown error";
        queue(c, eventId, uuid(p, "ownerId"), EmailKind.GENERATION_COMPLETE, null, Map.of(
            "slug", slug, "outcome", ok ? "ready" : "failed",
            "outcomeSentence", ok ? "is complete: review the new content and publish it."
                : "failed: " + error,
            "pageUrl", base + "/m/" + slug));
      }
      case Topics.INSIGHTS_ALERT -> {
        if (!wantsEmail(p)) return; // the workflow chose only a webhook
        String code = p.path("code").isTextual() ? p.get("code").asText() : null;
        queue(c, eventId, uuid(p, "ownerId"), EmailKind.INSIGHTS_ALERT, null, Map.of(
            "title", text(p, "title"), "detail", text(p, "detail"),
            "codeLine", code == null ? "" : "QR code: " + code + " (" + base + "/r/" + code + ")"));
      }
      default -> throw new PoisonMessage("not an e-mail topic: " + topic);
    }
  }

  /** An alert is mailed when its {@code actions} hold {@code email} (or, from older producers, are absent). */
  private static boolean wantsEmail(JsonNode alert) {
    JsonNode actions = alert.path("actions");
    if (!actions.isArray()) return true;
    for (JsonNode action : actions) if ("email".equals(action.asText())) return true;
    return false;
  }

  private void queue(Connection c, String eventId, UUID user, EmailKind kind, String recipient,
      Map<String, String> values) throws SQLException {
    outbox.queue(c, eventId, user, kind, recipient, templates.render(kind, values));
  }
}
