package io.qrflow.qr;

import io.qrflow.common.JsonSerializable;
import java.time.Instant;

/**
 * One scan as recorded by the edge. The visitor id is a keyed hash of IP and user agent with a
 * rotating salt; raw IPs never get here.
 */
public record Scan(
    Instant at,
    String visitorId,
    String country,
    String userAgent,
    String referrerHost,
    String language)
    implements JsonSerializable {}
