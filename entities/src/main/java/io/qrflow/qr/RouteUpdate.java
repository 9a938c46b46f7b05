package io.qrflow.qr;

import io.qrflow.common.JsonSerializable;

/**
 * Published on the {@link #TOPIC} pub-sub topic after a QR code's route changed, so every edge
 * node updates its route cache at once.
 */
public record RouteUpdate(String code, QrCode.Route route) implements JsonSerializable {
  public static final String TOPIC = "qr-route-updates";
}
