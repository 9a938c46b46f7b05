package io.qrflow.edge.redis;

/** Redis could not answer in time (down, slow, or the circuit breaker is open). */
public final class RedisUnavailable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RedisUnavailable(Throwable cause) {
    super("Redis unavailable: " + cause, cause instanceof RedisUnavailable r ? r.getCause() : cause);
  }
}
