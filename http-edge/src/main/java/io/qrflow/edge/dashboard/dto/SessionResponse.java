package io.qrflow.edge.dashboard.dto;

import io.qrflow.edge.dashboard.SessionStore;
import java.time.Instant;

/** The signed-in browser's session; the page sends {@code csrfToken} with unsafe requests. */
public record SessionResponse(String userId, String email, String csrfToken, Instant expiresAt) {

  public static SessionResponse of(SessionStore.Session s) {
    return new SessionResponse(s.userId(), s.email(), s.csrfToken(), s.expiresAt());
  }
}
