package io.qrflow.edge.redis;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.pattern.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The node's Redis: a Jedis connection pool behind a circuit breaker. Calls run on their own
 * dispatcher (Jedis blocks) and fail fast while the breaker is open, so callers decide at once
 * whether to fail open (scans) or closed (sign-in). After {@code breaker.reset-timeout} one call
 * is let through; when Redis answers again the breaker closes, and the pool replaces its broken
 * connections by itself (a connection a command failed on is dropped when returned).
 */
public final class Redis implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Redis.class);
  private static final String DISPATCHER = "qrflow.redis.dispatcher";

  private final JedisPooled jedis;
  private final CircuitBreaker breaker;
  private final Executor executor;
  private final String keyPrefix;
  private final Duration retryAfter;

  private Redis(JedisPooled jedis, CircuitBreaker breaker, Executor executor, RedisSettings settings) {
    this.jedis = jedis;
    this.breaker = breaker;
    this.executor = executor;
    this.keyPrefix = settings.keyPrefix();
    this.retryAfter = settings.breakerResetTimeout();
  }

  public static Redis connect(ActorSystem<?> system, RedisSettings settings) {
    URI uri = URI.create(settings.url());
    if (!JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException("qrflow.redis.url must be redis://host:port or rediss://host:port");
    }
    var client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis(settings.connectTimeout()))
        .socketTimeoutMillis(millis(settings.commandTimeout()))
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .database(JedisURIHelper.getDBIndex(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri))
        .build();
    var pool = new GenericObjectPoolConfig<Connection>();
    pool.setMaxTotal(settings.poolSize());
    pool.setMaxIdle(settings.poolSize());
    pool.setMaxWait(settings.poolMaxWait());
    // No PING per borrow (it doubled the round trips of every scan): Jedis marks a connection
    // broken when a command fails on it and the pool then drops it; idle ones are checked here.
    pool.setTestOnBorrow(false);
    pool.setTestWhileIdle(true);
    pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    var breaker = CircuitBreaker.create(system.classicSystem().scheduler(),
            settings.breakerMaxFailures(), settings.breakerCallTimeout(), settings.breakerResetTimeout())
        .addOnOpenListener(() -> log.warn("Redis unreachable: circuit open, scans pass unlimited, sign-in refused"))
        .addOnHalfOpenListener(() -> log.info("Redis: trying again"))
        .addOnCloseListener(() -> log.info("Redis reachable again: circuit closed"));
    Executor executor = system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
    log.info("Redis client for {}", settings);
    var redis = new Redis(new JedisPooled(JedisURIHelper.getHostAndPort(uri), client, pool), breaker,
        executor, settings);
    // Opens the first connection now rather than on the first request.
    redis.call(UnifiedJedis::ping).whenComplete((pong, failure) -> {
      if (failure != null) log.warn("Redis not reachable at start: {}", failure.getMessage());
    });
    return redis;
  }

  /**
   * Runs {@code operation} through the breaker. Fails with a {@link RedisUnavailable} when the
   * breaker is open, the call fails or takes longer than the call timeout.
   */
  public <T> CompletionStage<T> call(Function<UnifiedJedis, T> operation) {
    return breaker.callWithCircuitBreakerCS(
            () -> CompletableFuture.supplyAsync(() -> operation.apply(jedis), executor))
        .handle((value, failure) -> {
          if (failure != null) throw new RedisUnavailable(failure);
          return value;
        });
  }

  /** A key in qrflow's namespace. */
  public String key(String... parts) {
    return keyPrefix + String.join(":", parts);
  }

  /** Whether calls are currently refused without trying (circuit open). */
  public boolean isUnavailable() {
    return breaker.isOpen();
  }

  /** How long a client refused because of Redis should wait before retrying. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public void close() {
    jedis.close();
  }

  private static int millis(Duration duration) {
    return Math.toIntExact(duration.toMillis());
  }
}
