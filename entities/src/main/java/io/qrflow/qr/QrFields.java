package io.qrflow.qr;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation of a QR code's descriptive fields: title and tags. */
public final class QrFields {

  public static final int MAX_TITLE_LENGTH = 200;
  public static final int MAX_TAGS = 20;
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,31}");

  private QrFields() {}

  public static Optional<String> problemWithTitle(String title) {
    if (title == null) return Optional.empty();
    if (title.length() > MAX_TITLE_LENGTH) {
      return Optional.of("title is longer than " + MAX_TITLE_LENGTH + " characters");
    }
    if (title.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("title must not contain control characters");
    }
    return Optional.empty();
  }

  public static Optional<String> problemWithTags(List<String> tags) {
    if (tags == null) return Optional.empty();
    if (tags.size() > MAX_TAGS) return Optional.of("at most " + MAX_TAGS + " tags are allowed");
    for (String tag : tags) {
      if (tag == null || !TAG.matcher(tag).matches()) {
        return Optional.of(
            "tags must be 1-32 letters, digits, spaces, '_', '.' or '-', starting with a letter"
                + " or digit");
      }
    }
    if (tags.stream().distinct().count() != tags.size()) {
      return Optional.of("tags must not repeat");
    }
    return Optional.empty();
  }
}
