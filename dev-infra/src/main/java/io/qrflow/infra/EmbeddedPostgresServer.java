package io.qrflow.infra;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from binaries on the classpath, for dev mode and tests. Its data
 * directory is kept, so data survive a restart of the node.
 *
 * <p>The server is started and stopped with {@code pg_ctl} by this class alone, never by a JVM
 * shutdown hook: the node stops it only after every entity has flushed its pending scans.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final String VERSION = "16.6.0";
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";
  private static final String HOST = LoopbackPorts.HOST;
  /** Enough for a few nodes' pools on one dev machine. */
  private static final int MAX_CONNECTIONS = 300;
  private static final int PG_CTL_TIMEOUT_SECONDS = 60;

  private final Path install;
  private final Path dataDirectory;
  private final int port;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private EmbeddedPostgresServer(Path install, Path dataDirectory, int port) {
    this.install = install;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /**
   * Starts a server whose data live in {@code dataDirectory} (initialized when empty).
   *
   * @param port a fixed port, or 0 for any free one
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    var server = new EmbeddedPostgresServer(
        PostgresBinaries.install(VERSION), dataDirectory.toAbsolutePath(), port > 0 ? port : LoopbackPorts.free());
    server.initializeIfEmpty();
    server.stopLeftoverServer();
    server.pgCtl("start", "-w", "-t", String.valueOf(PG_CTL_TIMEOUT_SECONDS),
        "-l", server.dataDirectory.resolveSibling("postgres.log").toString(),
        "-o", "-p " + server.port + " -h " + HOST + " -c max_connections=" + MAX_CONNECTIONS
            + " -c fsync=on");
    log.info("embedded PostgreSQL started on port {} with data in {}", server.port, dataDirectory);
    return server;
  }

  public DatabaseSettings settings(int poolSize) {
    return new DatabaseSettings(
        "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE, USER, "", poolSize);
  }

  public int port() {
    return port;
  }

  /** Stops the server (fast shutdown: open sessions end, data are safe). Idempotent. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true) && isRunning()) {
      pgCtl("stop", "-w", "-m", "fast", "-t", String.valueOf(PG_CTL_TIMEOUT_SECONDS));
      log.info("embedded PostgreSQL stopped");
    }
  }

  private boolean isRunning() {
    return Files.exists(dataDirectory.resolve("postmaster.pid"))
        && exitCode(List.of(binary("pg_ctl"), "-D", dataDirectory.toString(), "status")) == 0;
  }

  private void initializeIfEmpty() {
    if (Files.exists(dataDirectory.resolve("PG_VERSION"))) return;
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(List.of(binary("initdb"), "-D", dataDirectory.toString(), "-U", USER, "-A", "trust",
        "-E", "UTF8", "--no-locale"));
  }

  /** A server left running by a node that was killed keeps the data directory; stop it first. */
  private void stopLeftoverServer() {
    if (isRunning()) {
      log.warn("stopping a PostgreSQL server left running in {}", dataDirectory);
      pgCtl("stop", "-w", "-m", "fast");
    }
  }

  private void pgCtl(String action, String... options) {
    List<String> command = new ArrayList<>(List.of(binary("pg_ctl"), "-D", dataDirectory.toString()));
    command.addAll(List.of(options));
    command.add(action);
    run(command);
  }

  private String binary(String name) {
    return install.resolve("bin").resolve(name).toString();
  }

  private static void run(List<String> command) {
    int exit = exitCode(command);
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command)
          + " failed with exit code " + exit + " (see postgres.log beside the data directory)");
    }
  }

  private static int exitCode(List<String> command) {
    List<String> full = new ArrayList<>();
    // PostgreSQL refuses to run as root; in a new user namespace root is an ordinary user.
    if (LinuxUtils.isUnshareAvailable()) full.addAll(List.of("unshare", "-U"));
    full.addAll(command);
    try {
      Process process = new ProcessBuilder(full)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!process.waitFor(PG_CTL_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish");
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
