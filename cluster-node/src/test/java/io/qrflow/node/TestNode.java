package io.qrflow.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qrflow.edge.EdgeBinding;
import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.LoopbackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real node started in-process on free ports, with an {@link ApiClient} for it. With a database
 * it uses that server; without, it runs in dev mode with embedded PostgreSQL under dataDir.
 */
public final class TestNode extends ApiClient implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration EVENTUALLY = Duration.ofSeconds(15);
  private static final long POLL_MILLIS = 50;

  private final QrflowNode node;
  private final Optional<ApiClient> scanListener;

  private TestNode(QrflowNode node, EdgeBinding binding) {
    super(binding.localAddress().getPort());
    this.node = node;
    this.scanListener = binding.scanAddress().map(address -> new ApiClient(address.getPort()));
  }

  public static TestNode start(DatabaseSettings database, Path dataDir) {
    return start(database, dataDir, Map.of());
  }

  public static TestNode start(DatabaseSettings database, Path dataDir, Map<String, Object> settings) {
    Map<String, Object> overrides = new HashMap<>(settings);
    // One test JVM registers and scans far more from 127.0.0.1 than a person would; tests of the
    // limits set them explicitly.
    overrides.putIfAbsent("qrflow.limits.registrations.limit", 0);
    overrides.putIfAbsent("qrflow.limits.scans.limit", 0);
    overrides.putIfAbsent("qrflow.limits.api.limit", 0);
    overrides.put("qrflow.http.port", 0);
    overrides.put("qrflow.http.host", "127.0.0.1");
    overrides.put("qrflow.scan.listener.port", 0);
    overrides.put("qrflow.data-dir", dataDir.toString());
    overrides.put("pekko.remote.artery.canonical.port", 0);
    overrides.putIfAbsent("pekko.management.http.port", LoopbackPorts.free());
    overrides.putIfAbsent("qrflow.metrics.refresh-interval", "1s");
    overrides.put("pekko.coordinated-shutdown.exit-jvm", "off");
    overrides.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    if (database != null) {
      overrides.put("qrflow.db.url", database.url());
      overrides.put("qrflow.db.user", database.user());
      overrides.put("qrflow.db.password", database.password());
    }
    Config config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
    QrflowNode node = QrflowNode.start(config);
    try {
      TestNode testNode = new TestNode(node, node.binding().get(STARTUP.toSeconds(), TimeUnit.SECONDS));
      testNode.awaitReady();
      return testNode;
    } catch (Exception e) {
      node.close();
      throw new IllegalStateException("node did not start", e);
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (get("/health/ready", null).statusCode() == 200) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("node never became ready");
  }

  /** The Kafka brokers this node publishes to (its embedded one in dev mode). */
  public String kafkaBootstrap() {
    return node.system().settings().config().getString("qrflow.kafka.bootstrap-servers");
  }

  /** The management endpoint (/ready, /alive, /metrics, /cluster/members) of this node. */
  public ApiClient management() {
    return new ApiClient(node.system().settings().config().getInt("pekko.management.http.port"));
  }

  /** The node's Netty scan listener (qrflow.scan.listener), when the test enabled it. */
  public ApiClient scanListener() {
    return scanListener.orElseThrow(() -> new IllegalStateException("scan listener not enabled"));
  }

  public QrflowNode node() {
    return node;
  }

  /** Polls until {@code probe} returns non-null (read sides and scan delivery are asynchronous). */
  public static <T> T eventually(Supplier<T> probe) {
    return eventually(EVENTUALLY, probe);
  }

  public static <T> T eventually(Duration limit, Supplier<T> probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) return value;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("not reached within " + limit);
  }

  @Override
  public void close() {
    node.close();
  }
}
