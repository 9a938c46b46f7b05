package io.qrflow.common;

/**
 * Marker for every message and event that crosses the wire or goes to the journal. Bound to
 * Pekko's Jackson JSON serializer in {@code reference.conf}; nothing broader is ever bound.
 */
public interface JsonSerializable {}
