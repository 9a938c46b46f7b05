package io.qrflow.edge.notifications.dto;

import io.qrflow.projections.email.NotificationStore;
import java.util.List;

/** The owner's delivery log, newest first. */
public record DeliveriesResponse(List<NotificationStore.Delivery> items) {}
