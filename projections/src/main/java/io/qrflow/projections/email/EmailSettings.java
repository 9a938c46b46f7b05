package io.qrflow.projections.email;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The e-mail service's settings, from {@code qrflow.email} and {@code qrflow.smtp}.
 *
 * @param linkBaseUrl where links in mails point (the node's public URL)
 * @param devMailbox whether {@code /dev/mailbox} shows sent mail (dev mode only)
 */
public record EmailSettings(
    Smtp smtp,
    String from,
    String linkBaseUrl,
    String verificationSecret,
    Duration verificationTtl,
    Duration pollInterval,
    int batchSize,
    Duration lease,
    int maxAttempts,
    Duration minBackoff,
    Duration maxBackoff,
    boolean devMailbox) {

  /** The relay. {@code tls}: {@code none}, {@code starttls} or {@code ssl}. */
  public record Smtp(String host, int port, String user, String password, String tls, Duration timeout) {
    public boolean isConfigured() {
      return !host.isBlank();
    }

    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", user=" + (user.isEmpty() ? "<none>" : user)
          + ", password=" + (password.isEmpty() ? "<none>" : "<set>") + ", tls=" + tls + "]";
    }
  }

  public static EmailSettings fromConfig(Config config) {
    Config s = config.getConfig("qrflow.smtp");
    Config e = config.getConfig("qrflow.email");
    String tls = s.getString("tls").strip().toLowerCase(java.util.Locale.ROOT);
    if (!tls.equals("none") && !tls.equals("starttls") && !tls.equals("ssl")) {
      throw new IllegalArgumentException("qrflow.smtp.tls must be none, starttls or ssl");
    }
    return new EmailSettings(
        new Smtp(s.getString("host").strip(), s.getInt("port"), s.getString("user"),
            s.getString("password"), tls, s.getDuration("timeout")),
        e.getString("from"),
        e.getString("link-base-url").replaceAll("/+$", ""),
        e.getString("verification-secret").strip(),
        e.getDuration("verification-ttl"),
        e.getDuration("poll-interval"),
        e.getInt("batch-size"),
        e.getDuration("lease"),
        e.getInt("max-attempts"),
        e.getDuration("min-backoff"),
        e.getDuration("max-backoff"),
        e.getBoolean("dev-mailbox"));
  }

  /** The wait before attempt {@code attempt + 1}: min × 2^(attempt − 1), at most max. */
  public Duration backoffAfter(int attempt) {
    long millis = minBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
