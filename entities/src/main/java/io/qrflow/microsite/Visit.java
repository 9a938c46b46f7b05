package io.qrflow.microsite;

import io.qrflow.common.JsonSerializable;
import java.time.Instant;

/**
 * One page view ({@code kind} = view) or link click ({@code kind} = click, {@code target} = the
 * link) as recorded by the edge; anonymized like scans, raw IPs never get here.
 */
public record Visit(
    String kind,
    String target,
    Instant at,
    String visitorId,
    String country,
    String userAgent,
    String referrerHost)
    implements JsonSerializable {

  public static final String VIEW = "view";
  public static final String CLICK = "click";
}
