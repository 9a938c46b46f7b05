package io.qrflow.edge.guard;

import io.qrflow.edge.redis.LuaScript;
import io.qrflow.edge.redis.Redis;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Token buckets in Redis, one hash per key, taken from atomically by one Lua script: a bucket holds
 * up to {@code limit} tokens and refills {@code limit} per {@code window}; a request takes one or is
 * told how long until one is there. Shared by every node of the cluster.
 */
public final class RateLimiter {

  // KEYS[1] bucket; ARGV limit, window ms, now ms, cost. Takes the cost if the bucket holds it,
  // else what it holds. Returns {tokens taken, retry-after ms (0 when all were taken)}.
  private static final LuaScript TAKE = new LuaScript("""
      local limit = tonumber(ARGV[1])
      local window = tonumber(ARGV[2])
      local now = tonumber(ARGV[3])
      local cost = tonumber(ARGV[4])
      local rate = limit / window
      local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(state[1])
      local at = tonumber(state[2])
      if tokens == nil then tokens = limit; at = now end
      tokens = math.min(limit, tokens + math.max(0, now - at) * rate)
      local taken = math.min(cost, math.floor(tokens))
      tokens = tokens - taken
      local retry = 0
      if taken < cost then retry = math.ceil((1 - tokens) / rate) end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
      redis.call('PEXPIRE', KEYS[1], window)
      return {taken, retry}
      """);

  private final Redis redis;
  private final Clock clock;

  public RateLimiter(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /**
   * Takes one token for {@code subject} under {@code rule}; fails (with a {@code RedisUnavailable})
   * when Redis cannot answer, and the caller decides whether that opens or closes the gate.
   */
  public CompletionStage<Decision> take(String ruleName, String subject, LimitSettings.Rule rule) {
    return take(ruleName, subject, rule, 1);
  }

  /**
   * Takes {@code cost} tokens at once (requests already served and counted together); denied when
   * the bucket did not hold them all, with the time until the next token.
   */
  public CompletionStage<Decision> take(String ruleName, String subject, LimitSettings.Rule rule,
      int cost) {
    if (!rule.enabled()) return CompletableFuture.completedFuture(Decision.ALLOW);
    String key = redis.key("rl", ruleName, subject);
    List<String> args = List.of(String.valueOf(rule.limit()),
        String.valueOf(rule.window().toMillis()), String.valueOf(clock.millis()),
        String.valueOf(cost));
    return redis.call(jedis -> {
      List<?> result = (List<?>) TAKE.run(jedis, List.of(key), args);
      return ((Long) result.get(0)) == cost ? Decision.ALLOW : Decision.denied((Long) result.get(1));
    });
  }
}
