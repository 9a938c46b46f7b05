package io.qrflow.projections.email;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of mail qrflow sends; each has a template and, unless transactional, an opt-out. */
public enum EmailKind {
  WELCOME("welcome", false),
  QR_CREATED("qr-created", true),
  MICROSITE_CREATED("microsite-created", true),
  MICROSITE_PUBLISHED("microsite-published", true),
  GENERATION_COMPLETE("generation-complete", true),
  INSIGHTS_ALERT("insights-alert", true);

  private final String id;
  private final boolean optional;

  EmailKind(String id, boolean optional) {
    this.id = id;
    this.optional = optional;
  }

  /** The name in the API, the templates and the database. */
  public String id() {
    return id;
  }

  /** Whether a user may turn it off (the welcome mail carries the verification link). */
  public boolean optional() {
    return optional;
  }

  public static Optional<EmailKind> byId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }
}
