package io.qrflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (the binary shipped in embedded-redis) run as a child process on
 * 127.0.0.1, for dev mode and tests. Its append-only file lives in the data directory, so revoked
 * tokens and lockouts survive a restart of the node. Stopped by {@link #close()} only; a server
 * left running by a killed node is found through its pid file and stopped on the next start.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);
  private static final String PID_FILE = "redis.pid";
  private static final String BINARY_NAME = "redis-server";

  private final RedisServer server;
  private final Path dataDirectory;
  private final int port;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private EmbeddedRedisServer(RedisServer server, Path dataDirectory, int port) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /**
   * Starts a server keeping its data in {@code dataDirectory} (created if missing).
   *
   * @param port a fixed port, or 0 for any free one
   */
  public static EmbeddedRedisServer start(Path dataDirectory, int port) {
    Path dir = dataDirectory.toAbsolutePath();
    int chosen = port > 0 ? port : LoopbackPorts.free();
    try {
      Files.createDirectories(dir);
      stopLeftoverServer(dir);
      RedisServer server = RedisServer.newRedisServer()
          .bind(LoopbackPorts.HOST)
          .port(chosen)
          .setting("dir " + dir)
          .setting("pidfile " + dir.resolve(PID_FILE))
          .setting("appendonly yes")
          .setting("appendfsync everysec")
          .setting("save \"\"")
          .build();
      server.start();
      log.info("embedded Redis started on {}:{} with data in {}", LoopbackPorts.HOST, chosen, dir);
      return new EmbeddedRedisServer(server, dir, chosen);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded Redis on port " + chosen, e);
    }
  }

  /** {@code redis://127.0.0.1:port}, for {@code qrflow.redis.url}. */
  public String url() {
    return "redis://" + LoopbackPorts.HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** Stops the server and waits for it to exit. Idempotent. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      try {
        server.stop();
        log.info("embedded Redis on port {} stopped", port);
      } catch (IOException e) {
        log.warn("embedded Redis on port {} did not stop cleanly: {}", port, e.toString());
      }
    }
  }

  private static void stopLeftoverServer(Path dir) throws IOException {
    Path pidFile = dir.resolve(PID_FILE);
    if (!Files.exists(pidFile)) return;
    String text = Files.readString(pidFile).strip();
    Files.deleteIfExists(pidFile);
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(p -> p.info().command().map(c -> c.contains(BINARY_NAME)).orElse(false))
        .ifPresent(leftover -> {
          log.warn("stopping a Redis server (pid {}) left running in {}", pid, dir);
          leftover.destroy();
          leftover.onExit().join();
        });
  }

  @Override
  public String toString() {
    return "EmbeddedRedisServer[" + url() + ", " + dataDirectory + "]";
  }
}
