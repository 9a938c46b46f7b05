package io.qrflow.microsite;

import io.qrflow.common.JsonSerializable;

/**
 * Published on the {@link #TOPIC} pub-sub topic after a microsite's public page changed (content,
 * publishing, deletion), so every edge drops its cached rendering at once.
 */
public record PageUpdate(String slug) implements JsonSerializable {
  public static final String TOPIC = "microsite-page-updates";
}
