package io.qrflow.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node in its own JVM (this test classpath, {@link Main}), as operators run it. */
final class NodeProcess implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(90);

  final Process process;
  final Path log;

  private NodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the JVM with these environment variables and {@code -D} settings, and waits until
   * {@code ready} answers 200 on {@code readyPath}.
   */
  static NodeProcess start(Path log, Map<String, String> env, Map<String, String> properties,
      ApiClient ready, String readyPath) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    var builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process;
    try {
      process = builder.start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot start a node JVM", e);
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (ready.get(readyPath, null).statusCode() == 200) return new NodeProcess(process, log);
      } catch (IllegalStateException notYet) {
        // connection refused while starting
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new AssertionError("node did not become ready; see " + log);
  }

  /** SIGTERM, then waits for the JVM to exit; true when it did. */
  boolean terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * SIGKILL: no shutdown hook, no flush, nothing. Its child processes (the embedded Redis) die
   * with it, as they would with the pod or machine; otherwise they would outlive the test.
   */
  void kill() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS);
    children.forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}
