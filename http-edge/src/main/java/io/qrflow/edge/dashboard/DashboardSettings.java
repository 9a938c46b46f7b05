package io.qrflow.edge.dashboard;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import org.apache.pekko.http.javadsl.model.headers.SameSite;

/** The dashboard's settings from {@code qrflow.dashboard}. */
public record DashboardSettings(
    String cookieName,
    boolean cookieSecure,
    SameSite sameSite,
    Duration sessionTtl,
    Duration rewatchInterval,
    Duration heartbeatInterval) {

  public static DashboardSettings fromConfig(Config config) {
    Config session = config.getConfig("qrflow.dashboard.session");
    Config live = config.getConfig("qrflow.dashboard.live");
    return new DashboardSettings(
        session.getString("cookie-name"),
        secure(session.getString("cookie-secure"), config.getString("qrflow.http.public-base-url")),
        sameSite(session.getString("same-site")),
        session.getDuration("ttl"),
        live.getDuration("rewatch-interval"),
        live.getDuration("heartbeat-interval"));
  }

  private static boolean secure(String setting, String publicBaseUrl) {
    return switch (setting.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> publicBaseUrl.toLowerCase(Locale.ROOT).startsWith("https:");
      case "true", "on", "yes" -> true;
      case "false", "off", "no" -> false;
      default -> throw new IllegalArgumentException(
          "qrflow.dashboard.session.cookie-secure must be auto, true or false, not " + setting);
    };
  }

  private static SameSite sameSite(String setting) {
    return switch (setting.strip().toLowerCase(Locale.ROOT)) {
      case "lax" -> SameSite.Lax;
      case "strict" -> SameSite.Strict;
      // None would send the cookie on cross-site requests, which the CSRF design does not want.
      default -> throw new IllegalArgumentException(
          "qrflow.dashboard.session.same-site must be Lax or Strict, not " + setting);
    };
  }
}
