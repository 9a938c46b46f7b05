package io.qrflow.edge.webhooks.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qrflow.projections.webhooks.WebhookEndpoints;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An endpoint; {@code secret} only in the answer to its creation. */
public record WebhookResponse(UUID id, String url, String description, List<String> topics,
    Instant createdAt, Instant secretRotatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

  public static WebhookResponse of(WebhookEndpoints.Endpoint e, String secret) {
    return new WebhookResponse(e.id(), e.url(), e.description(), e.topics(), e.createdAt(),
        e.secretRotatedAt(), secret);
  }
}
