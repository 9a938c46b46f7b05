package io.qrflow.user;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** E-mail addresses as account ids: trimmed, lower-cased, plausibly deliverable. */
public final class EmailAddress {

  public static final int MAX_LENGTH = 254;
  private static final Pattern SHAPE =
      Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  private EmailAddress() {}

  /** The normalized form of {@code raw}, or empty when it is not an e-mail address. */
  public static Optional<String> normalize(String raw) {
    if (raw == null) return Optional.empty();
    String email = raw.strip().toLowerCase(Locale.ROOT);
    if (email.length() > MAX_LENGTH || !SHAPE.matcher(email).matches()) return Optional.empty();
    return Optional.of(email);
  }
}
