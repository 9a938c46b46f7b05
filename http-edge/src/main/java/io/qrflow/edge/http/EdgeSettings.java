package io.qrflow.edge.http;

import com.typesafe.config.Config;
import java.time.Duration;

/** The edge's settings from {@code qrflow.http} and {@code qrflow.qr}. */
public record EdgeSettings(
    String host,
    int port,
    String publicBaseUrl,
    Duration askTimeout,
    int randomCodeLength,
    int randomCodeAttempts,
    int defaultPageSize,
    int maxPageSize) {

  public static EdgeSettings fromConfig(Config config) {
    Config http = config.getConfig("qrflow.http");
    return new EdgeSettings(
        http.getString("host"),
        http.getInt("port"),
        stripTrailingSlash(http.getString("public-base-url")),
        http.getDuration("ask-timeout"),
        config.getInt("qrflow.qr.random-code.length"),
        config.getInt("qrflow.qr.random-code.attempts"),
        http.getInt("paging.default-size"),
        http.getInt("paging.max-size"));
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
