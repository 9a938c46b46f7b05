package io.qrflow.edge.auth.dto;

import io.qrflow.user.UserAccount;
import java.time.Instant;
import java.util.Locale;

/** The caller's account as the API shows it. */
public record ProfileResponse(
    String userId, String email, String displayName, String status, Instant registeredAt,
    Instant lastLoginAt, Instant emailVerifiedAt) {

  public static ProfileResponse of(UserAccount.Profile p) {
    return new ProfileResponse(p.userId(), p.email(), p.displayName(),
        p.status().name().toLowerCase(Locale.ROOT), p.registeredAt(), p.lastLoginAt(),
        p.emailVerifiedAt());
  }
}
