package io.qrflow.edge.guard;

import io.qrflow.edge.redis.LuaScript;
import io.qrflow.edge.redis.Redis;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Failed sign-ins per account and client, with lockouts that double: after
 * {@code free-attempts} failures each further failure locks the pair for base × 2^(n − free),
 * capped. Kept in one Redis hash per pair and changed by atomic scripts.
 */
public final class LoginThrottle {

  // KEYS[1] pair; ARGV now ms. Returns remaining lockout in ms, 0 when open.
  private static final LuaScript CHECK = new LuaScript("""
      local until_ms = tonumber(redis.call('HGET', KEYS[1], 'locked_until') or '0')
      local now = tonumber(ARGV[1])
      if until_ms > now then return until_ms - now end
      return 0
      """);

  // KEYS[1] pair; ARGV now ms, free attempts, base ms, max ms, memory ms. Returns lockout ms.
  private static final LuaScript FAIL = new LuaScript("""
      local now = tonumber(ARGV[1])
      local free = tonumber(ARGV[2])
      local base = tonumber(ARGV[3])
      local max = tonumber(ARGV[4])
      local memory = tonumber(ARGV[5])
      local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
      local lockout = 0
      if failures >= free then
        lockout = math.min(max, base * 2 ^ (failures - free))
        redis.call('HSET', KEYS[1], 'locked_until', tostring(now + lockout))
      end
      redis.call('PEXPIRE', KEYS[1], math.max(memory, lockout))
      return lockout
      """);

  private final Redis redis;
  private final LimitSettings.Login settings;
  private final Clock clock;

  public LoginThrottle(Redis redis, LimitSettings.Login settings, Clock clock) {
    this.redis = redis;
    this.settings = settings;
    this.clock = clock;
  }

  /** Whether the pair may try now; fails when Redis cannot answer (sign-in then fails closed). */
  public CompletionStage<Decision> check(String pair) {
    return redis.call(jedis -> {
      long locked = (Long) CHECK.run(jedis, List.of(key(pair)), List.of(String.valueOf(clock.millis())));
      return locked > 0 ? Decision.denied(locked) : Decision.ALLOW;
    });
  }

  /** Counts a failed sign-in; returns the lockout it started (ZERO-length allow if none). */
  public CompletionStage<Decision> failed(String pair) {
    return redis.call(jedis -> {
      long lockout = (Long) FAIL.run(jedis, List.of(key(pair)), List.of(
          String.valueOf(clock.millis()), String.valueOf(settings.freeAttempts()),
          String.valueOf(settings.baseLockout().toMillis()),
          String.valueOf(settings.maxLockout().toMillis()),
          String.valueOf(settings.memory().toMillis())));
      return lockout > 0 ? Decision.denied(lockout) : Decision.ALLOW;
    });
  }

  /** A successful sign-in forgets the pair's failures. */
  public CompletionStage<Long> succeeded(String pair) {
    return redis.call(jedis -> jedis.del(key(pair)));
  }

  private String key(String pair) {
    return redis.key("login", pair);
  }
}
