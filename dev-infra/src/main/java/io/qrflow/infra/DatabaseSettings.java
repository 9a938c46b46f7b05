package io.qrflow.infra;

import com.typesafe.config.Config;

/** Where the PostgreSQL server is, from {@code qrflow.db}. An empty url means dev mode. */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

  public static DatabaseSettings fromConfig(Config config) {
    Config db = config.getConfig("qrflow.db");
    return new DatabaseSettings(
        db.getString("url"), db.getString("user"), db.getString("password"), db.getInt("pool-size"));
  }

  public boolean isConfigured() {
    return !url.isBlank();
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
