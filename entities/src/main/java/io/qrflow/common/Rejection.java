package io.qrflow.common;

import java.util.Optional;

/**
 * Why an entity refused a command. Entities reply {@code StatusReply.error(rejection.encode())}:
 * only the text of a StatusReply error survives serialization, so the kind travels as a prefix
 * and the edge maps it back to an HTTP status with {@link #decode}.
 */
public record Rejection(Kind kind, String detail) {

  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT,
    GONE,
    FORBIDDEN
  }

  private static final char SEPARATOR = '|';

  public static String invalid(String detail) {
    return new Rejection(Kind.INVALID, detail).encode();
  }

  public static String notFound(String detail) {
    return new Rejection(Kind.NOT_FOUND, detail).encode();
  }

  public static String conflict(String detail) {
    return new Rejection(Kind.CONFLICT, detail).encode();
  }

  public static String gone(String detail) {
    return new Rejection(Kind.GONE, detail).encode();
  }

  public static String forbidden(String detail) {
    return new Rejection(Kind.FORBIDDEN, detail).encode();
  }

  public String encode() {
    return kind.name() + SEPARATOR + detail;
  }

  /** The rejection an error text carries, or empty when the text was not made by encode(). */
  public static Optional<Rejection> decode(String text) {
    if (text == null) return Optional.empty();
    int at = text.indexOf(SEPARATOR);
    if (at < 0) return Optional.empty();
    try {
      return Optional.of(new Rejection(Kind.valueOf(text.substring(0, at)), text.substring(at + 1)));
    } catch (IllegalArgumentException notAKind) {
      return Optional.empty();
    }
  }
}
