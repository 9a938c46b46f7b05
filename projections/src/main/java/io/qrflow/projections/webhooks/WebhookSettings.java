package io.qrflow.projections.webhooks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Webhook delivery settings from {@code qrflow.webhooks}. */
public record WebhookSettings(
    List<String> allowHosts,
    int maxEndpointsPerOwner,
    Duration pollInterval,
    int batchSize,
    int maxConnectionsPerHost,
    Duration requestTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxAttempts,
    String trustStorePath,
    String trustStorePassword) {

  public static WebhookSettings fromConfig(Config config) {
    Config c = config.getConfig("qrflow.webhooks");
    List<String> allowHosts = c.getValue("allow-hosts").valueType() == ConfigValueType.LIST
        ? c.getStringList("allow-hosts")
        : Arrays.stream(c.getString("allow-hosts").split(",")).map(String::strip)
            .filter(h -> !h.isEmpty()).toList();
    return new WebhookSettings(allowHosts, c.getInt("max-endpoints-per-owner"),
        c.getDuration("poll-interval"), c.getInt("batch-size"),
        c.getInt("max-connections-per-host"), c.getDuration("request-timeout"),
        c.getDuration("initial-backoff"), c.getDuration("max-backoff"), c.getInt("max-attempts"),
        c.getString("trust-store.path").strip(), c.getString("trust-store.password"));
  }

  /** Never prints the trust store password. */
  @Override
  public String toString() {
    return "WebhookSettings[allowHosts=" + allowHosts + ", maxAttempts=" + maxAttempts
        + ", trustStore=" + (trustStorePath.isEmpty() ? "<JDK default>" : trustStorePath) + "]";
  }

  /** A claimed delivery is left alone by other senders for this long. */
  public Duration lease() {
    return requestTimeout.multipliedBy(3);
  }

  /** Exponential, capped, with full jitter in [delay/2, delay]: failing receivers are not hit in step. */
  public Duration backoff(int attempt, double random) {
    long base = initialBackoff.toMillis();
    long capped = Math.min(maxBackoff.toMillis(), base * (1L << Math.min(attempt - 1, 30)));
    return Duration.ofMillis((long) (capped * (0.5 + random / 2)));
  }
}
