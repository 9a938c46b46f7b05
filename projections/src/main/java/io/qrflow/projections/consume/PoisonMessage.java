package io.qrflow.projections.consume;

/**
 * A message that can never be applied (not an envelope, a payload breaking the contract): it goes
 * to the service's dead-letter table with {@link #getMessage()} as the reason, and the consumer
 * moves on instead of retrying forever.
 */
public final class PoisonMessage extends Exception {
  private static final long serialVersionUID = 1L;

  public PoisonMessage(String reason) {
    super(reason);
  }
}
