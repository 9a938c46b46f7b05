package io.qrflow.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.EmbeddedKafkaServer;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.infra.LoopbackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Several in-process nodes that form one cluster through cluster bootstrap with config discovery
 * (each node's management endpoint is a contact point), sharing one embedded PostgreSQL and one
 * KRaft broker, each node on its own ports.
 */
final class ClusterNodes implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration ASK = Duration.ofSeconds(10);

  private final Path dir;
  private EmbeddedPostgresServer postgres;
  private EmbeddedKafkaServer kafka;
  final DatabaseSettings database;
  private final List<QrflowNode> running = new java.util.ArrayList<>();

  ClusterNodes(Path dir) {
    this.dir = dir;
    this.postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
    this.database = postgres.settings(5);
    this.kafka = EmbeddedKafkaServer.start(dir.resolve("kafka"), 0);
  }

  /** A started node and its ports; {@code http} is its edge's client (null without the edge role). */
  record Node(String name, QrflowNode node, int managementPort, ApiClient http, ApiClient management) {
    void stopGracefully() {
      node.close();
    }
  }

  /** Starts nodes with these roles together (bootstrap waits for all of them as contact points). */
  List<Node> start(Map<String, Object> settings, List<List<String>> rolesPerNode) {
    int[] managementPorts = rolesPerNode.stream().mapToInt(roles -> LoopbackPorts.free()).toArray();
    StringBuilder contactPoints = new StringBuilder();
    for (int port : managementPorts) {
      if (contactPoints.length() > 0) contactPoints.append(',');
      contactPoints.append("127.0.0.1:").append(port);
    }
    var nodes = new java.util.ArrayList<Node>();
    for (int i = 0; i < rolesPerNode.size(); i++) {
      Map<String, Object> overrides = new HashMap<>(settings);
      overrides.put("qrflow.cluster.roles", String.join(",", rolesPerNode.get(i)));
      overrides.put("qrflow.http.port", 0);
      overrides.put("qrflow.http.host", "127.0.0.1");
      overrides.put("qrflow.data-dir", dir.resolve("node-" + i).toString());
      overrides.put("qrflow.db.url", database.url());
      overrides.put("qrflow.db.user", database.user());
      overrides.put("qrflow.db.password", database.password());
      overrides.put("qrflow.db.pool-size", 4);
      overrides.put("pekko-persistence-jdbc.shared-databases.qrflow.db.numThreads", 4);
      overrides.put("pekko-persistence-jdbc.shared-databases.qrflow.db.maxConnections", 4);
      overrides.put("qrflow.kafka.bootstrap-servers", kafka.bootstrapServers());
      overrides.put("qrflow.cluster.bootstrap", "on");
      overrides.put("qrflow.cluster.contact-points", contactPoints.toString());
      overrides.put("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
          rolesPerNode.size());
      overrides.put("pekko.management.http.port", managementPorts[i]);
      overrides.put("pekko.remote.artery.canonical.port", 0);
      overrides.put("pekko.coordinated-shutdown.exit-jvm", "off");
      overrides.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
      Config config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
      QrflowNode node = QrflowNode.start(config);
      running.add(node);
      nodes.add(new Node("node-" + i, node, managementPorts[i], null, new ApiClient(managementPorts[i])));
    }
    var started = new java.util.ArrayList<Node>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      ApiClient http = null;
      if (rolesPerNode.get(i).contains("edge")) {
        try {
          int port = n.node().binding().get(STARTUP.toSeconds(), TimeUnit.SECONDS).localAddress().getPort();
          http = new ApiClient(port);
        } catch (Exception e) {
          throw new IllegalStateException(n.name() + " did not bind", e);
        }
      }
      started.add(new Node(n.name(), n.node(), n.managementPort(), http, n.management()));
    }
    for (Node n : started) {
      TestNode.eventually(STARTUP, () -> status(n.management(), "/ready") == 200 ? n : null);
    }
    return started;
  }

  /** Stops PostgreSQL (fast shutdown: sessions end), waits, starts it again on the same port. */
  void restartPostgres(Duration down) throws InterruptedException {
    int port = postgres.port();
    postgres.close();
    Thread.sleep(down.toMillis());
    postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), port);
  }

  /** Stops the broker (clean shutdown), waits, starts it again on the same port and log. */
  void restartKafka(Duration down) throws InterruptedException {
    int port = kafka.port();
    kafka.close();
    Thread.sleep(down.toMillis());
    kafka = EmbeddedKafkaServer.start(dir.resolve("kafka"), port);
  }

  /** Bootstrap servers of the shared broker, for nodes started in their own JVM. */
  String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  /** Shards of this entity type per node address, for the nodes that host at least one. */
  static Map<String, Integer> shardsPerRegion(ActorSystem<?> system, String typeName) {
    ShardRegion.ClusterShardingStats stats = AskPattern.<ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetClusterShardingStats(EntityTypeKey.create(Object.class, typeName), ASK, replyTo),
            ASK, system.scheduler())
        .toCompletableFuture().join();
    Map<String, Integer> shards = new HashMap<>();
    stats.getRegions().forEach((address, region) -> {
      if (!region.getStats().isEmpty()) shards.put(address.toString(), region.getStats().size());
    });
    return shards;
  }

  static int status(ApiClient client, String path) {
    try {
      return client.get(path, null).statusCode();
    } catch (IllegalStateException e) {
      return -1; // not listening (yet, or any more)
    }
  }

  /** The members the management endpoint of a node reports, as JSON. */
  static JsonNode members(Node node) {
    return ApiClient.json(node.management().get("/cluster/members", null));
  }

  @Override
  public void close() {
    for (QrflowNode node : running) {
      try {
        node.close();
      } catch (RuntimeException e) {
        // already stopped, or stuck: the infrastructure goes anyway
      }
    }
    kafka.close();
    postgres.close();
  }
}
