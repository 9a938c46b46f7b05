package io.qrflow.edge.redis;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the Redis connection, from {@code qrflow.redis}. Timeouts are short on purpose:
 * the scan path asks Redis on every scan and must never wait on a dead one.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://} (TLS)
 */
public record RedisSettings(
    String url,
    Duration connectTimeout,
    Duration commandTimeout,
    int poolSize,
    Duration poolMaxWait,
    int breakerMaxFailures,
    Duration breakerCallTimeout,
    Duration breakerResetTimeout,
    String keyPrefix) {

  public static RedisSettings fromConfig(Config config) {
    Config c = config.getConfig("qrflow.redis");
    return new RedisSettings(
        c.getString("url").strip(),
        c.getDuration("connect-timeout"),
        c.getDuration("command-timeout"),
        c.getInt("pool-size"),
        c.getDuration("pool-max-wait"),
        c.getInt("breaker.max-failures"),
        c.getDuration("breaker.call-timeout"),
        c.getDuration("breaker.reset-timeout"),
        c.getString("key-prefix"));
  }

  /** Never prints a password that may be in the URL. */
  @Override
  public String toString() {
    return "RedisSettings[url=" + url.replaceAll("//[^@/]*@", "//***@") + ", commandTimeout="
        + commandTimeout + ", poolSize=" + poolSize + "]";
  }
}
