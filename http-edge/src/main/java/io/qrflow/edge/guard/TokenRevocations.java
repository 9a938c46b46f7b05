package io.qrflow.edge.guard;

import io.qrflow.edge.redis.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import redis.clients.jedis.params.SetParams;

/**
 * Revoked access-token ids ({@code jti}), each kept in Redis until the token would have expired
 * anyway, so the list never outgrows the tokens still alive.
 */
public final class TokenRevocations {

  private final Redis redis;
  private final Clock clock;

  public TokenRevocations(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  public CompletionStage<Void> revoke(String jti, Instant expiresAt) {
    long ttl = Duration.between(clock.instant(), expiresAt).toMillis();
    if (ttl <= 0) return CompletableFuture.completedFuture(null); // expired already
    return redis.call(jedis -> jedis.set(key(jti), "1", SetParams.setParams().px(ttl)))
        .thenApply(ok -> null);
  }

  public CompletionStage<Boolean> isRevoked(String jti) {
    return redis.call(jedis -> jedis.exists(key(jti)));
  }

  private String key(String jti) {
    return redis.key("revoked-jti", jti);
  }
}
