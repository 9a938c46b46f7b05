package io.qrflow.edge.auth;

import java.time.Instant;

/** Who a verified access token speaks for: its subject, email, token id and expiry. */
public record Principal(String userId, String email, String jti, Instant expiresAt) {}
