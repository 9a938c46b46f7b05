package io.qrflow.edge.webhooks.dto;

import io.qrflow.projections.webhooks.WebhookEndpoints;
import java.util.List;

/** The newest deliveries of an endpoint, each with its attempts. */
public record DeliveriesResponse(List<WebhookEndpoints.Delivery> items) {}
