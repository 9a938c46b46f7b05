package io.qrflow.edge.auth;

/**
 * An access token was rejected. The message is a short reason that is safe to show to clients
 * ("token expired", "signature invalid", ...); it never contains the token.
 */
public final class InvalidTokenException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String reason) {
    super(reason);
  }

  public InvalidTokenException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The client-safe reason; same as {@link #getMessage()}. */
  public String reason() {
    return getMessage();
  }
}
