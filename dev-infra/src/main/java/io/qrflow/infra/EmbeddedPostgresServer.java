package io.qrflow.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from binaries on the classpath, for dev mode and tests. Its data
 * directory is kept, so data survive a restart of the node.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";
  /** Enough for a few nodes' pools on one dev machine. */
  private static final String MAX_CONNECTIONS = "300";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts a server whose data live in {@code dataDirectory} (created when missing).
   *
   * @param port a fixed port, or 0 for any free one
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", MAX_CONNECTIONS)
              .setServerConfig("fsync", "on");
      if (port > 0) builder.setPort(port);
      EmbeddedPostgres postgres = builder.start();
      log.info("embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), dataDirectory);
      return new EmbeddedPostgresServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  public DatabaseSettings settings(int poolSize) {
    return new DatabaseSettings(postgres.getJdbcUrl(USER, DATABASE), USER, "", poolSize);
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
