package io.qrflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapDirectory;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.MetaPropertiesVersion;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller, node id 1) running
 * inside this JVM, for dev mode and tests.
 *
 * <p>The log directory is formatted (cluster id, {@code meta.properties}, bootstrap metadata) on
 * the first start only and reused as-is afterwards, so topics, messages and committed offsets
 * survive a restart of the JVM. Like {@link EmbeddedPostgresServer}, the broker is stopped by
 * {@link #close()} alone, never by a JVM shutdown hook.
 *
 * <p>While at least one embedded broker runs, Kafka's {@code Exit.exit}/{@code Exit.halt} (called
 * by the broker on fatal faults) are redirected to an error log and an exception, so a broken
 * embedded broker can never end the whole JVM.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);
  private static final String HOST = LoopbackPorts.HOST;
  private static final int NODE_ID = 1;
  /** Bounds {@link KafkaRaftServer#startup()}, which otherwise may wait forever. */
  private static final long MAX_STARTUP_MILLIS = 60_000;
  private static final int START_ATTEMPTS_WITH_FREE_PORTS = 3;

  private static final Object EXIT_LOCK = new Object();
  private static int running;

  private final KafkaRaftServer server;
  private final Path logDirectory;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaServer(KafkaRaftServer server, Path logDirectory, int port) {
    this.server = server;
    this.logDirectory = logDirectory;
    this.port = port;
  }

  /**
   * Starts a broker whose data live in {@code logDirectory} (created and formatted when it holds
   * no {@code meta.properties} yet). Returns once the broker is registered, unfenced and serving.
   *
   * @param port the PLAINTEXT port on 127.0.0.1, or 0 for any free one
   */
  public static EmbeddedKafkaServer start(Path logDirectory, int port) {
    Path dir = logDirectory.toAbsolutePath();
    if (port > 0 && !isFree(port)) {
      throw new IllegalStateException("cannot start embedded Kafka: port " + port + " on " + HOST + " is in use");
    }
    formatIfNeeded(dir);
    for (int attempt = 1; ; attempt++) {
      int brokerPort = port > 0 ? port : LoopbackPorts.free();
      int controllerPort = LoopbackPorts.free();
      try {
        return startOnce(dir, brokerPort, controllerPort);
      } catch (RuntimeException e) {
        // A free port picked above may have been taken by someone else before Kafka bound it.
        if (attempt >= START_ATTEMPTS_WITH_FREE_PORTS || !causedByBindFailure(e)) {
          throw e;
        }
        log.warn("embedded Kafka could not bind its ports ({}), retrying with others", e.toString());
      }
    }
  }

  /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Stops the broker cleanly (logs flushed, clean-shutdown markers written) and waits until it has
   * stopped, so its ports and log directory are free afterwards. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long started = System.nanoTime();
      try {
        stop(server);
        log.info("embedded Kafka on port {} stopped in {} ms", port, (System.nanoTime() - started) / 1_000_000);
      } finally {
        releaseExitGuard();
      }
    }
  }

  private static EmbeddedKafkaServer startOnce(Path dir, int brokerPort, int controllerPort) {
    long started = System.nanoTime();
    KafkaConfig config = new KafkaConfig(properties(dir, brokerPort, controllerPort), false);
    installExitGuard();
    KafkaRaftServer server = null;
    try {
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
    } catch (RuntimeException | Error e) {
      if (server != null) {
        try {
          stop(server);
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      releaseExitGuard();
      throw e;
    }
    log.info("embedded Kafka (KRaft) started on {}:{} with logs in {} in {} ms",
        HOST, brokerPort, dir, (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedKafkaServer(server, dir, brokerPort);
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  static Properties properties(Path dir, int brokerPort, int controllerPort) {
    var p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("metadata.log.dir", dir.toString());
    // single node
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    // small footprint for a dev machine (the log cleaner would otherwise allocate 128 MiB of heap)
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "2");
    p.put("background.threads", "4");
    p.put("server.max.startup.time.ms", String.valueOf(MAX_STARTUP_MILLIS));
    return p;
  }

  /**
   * The KRaft storage format step ({@code kafka-storage.sh format}): writes {@code meta.properties}
   * (new random cluster id, node id, directory id) and {@code bootstrap.checkpoint} (the metadata
   * version) into an unformatted log directory. A formatted directory is left as it is.
   */
  static void formatIfNeeded(Path dir) {
    try {
      Files.createDirectories(dir);
      String logDir = dir.toString();
      MetaPropertiesEnsemble ensemble = new MetaPropertiesEnsemble.Loader()
          .addLogDir(logDir)
          .addMetadataLogDir(logDir)
          .load();
      if (!ensemble.errorLogDirs().isEmpty()) {
        throw new IllegalStateException("cannot read Kafka log directory " + dir);
      }
      if (ensemble.emptyLogDirs().isEmpty()) {
        ensemble.verify(Optional.empty(), java.util.OptionalInt.of(NODE_ID),
            java.util.EnumSet.noneOf(MetaPropertiesEnsemble.VerificationFlag.class));
        return; // formatted by an earlier start
      }
      String clusterId = Uuid.randomUuid().toString();
      BootstrapMetadata bootstrap =
          BootstrapMetadata.fromVersion(MetadataVersion.LATEST_PRODUCTION, "qrflow embedded format");
      var copier = new MetaPropertiesEnsemble.Copier(ensemble);
      for (String empty : ensemble.emptyLogDirs()) {
        copier.setLogDirProps(empty, new MetaProperties.Builder()
            .setVersion(MetaPropertiesVersion.V1)
            .setClusterId(clusterId)
            .setNodeId(NODE_ID)
            .setDirectoryId(copier.generateValidDirectoryId())
            .build());
      }
      copier.setPreWriteHandler((directory, isNew, metaProperties) -> {
        Files.createDirectories(Path.of(directory));
        new BootstrapDirectory(directory, Optional.empty()).writeBinaryFile(bootstrap);
      });
      copier.setWriteErrorHandler((directory, e) -> {
        throw new IOException("cannot write meta.properties in " + directory, e);
      });
      copier.writeLogDirChanges();
      log.info("formatted Kafka log directory {} (cluster id {}, metadata.version {})",
          dir, clusterId, bootstrap.metadataVersion());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot format Kafka log directory " + dir, e);
    }
  }

  private static void installExitGuard() {
    synchronized (EXIT_LOCK) {
      if (running++ == 0) {
        Exit.setExitProcedure((status, message) -> refuseExit("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuseExit("halt", status, message));
      }
    }
  }

  private static void releaseExitGuard() {
    synchronized (EXIT_LOCK) {
      if (--running == 0) {
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
      }
    }
  }

  private static void refuseExit(String kind, int status, String message) {
    log.error("embedded Kafka asked to {} the JVM with status {} ({}); refused", kind, status, message);
    throw new IllegalStateException("embedded Kafka fatal fault: " + message);
  }

  private static boolean causedByBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFree(int port) {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }


  @Override
  public String toString() {
    return "EmbeddedKafkaServer[" + bootstrapServers() + ", " + logDirectory + "]";
  }
}
