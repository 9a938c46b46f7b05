package io.qrflow.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.edge.EdgeBinding;
import io.qrflow.infra.Database;
import io.qrflow.node.cluster.ClusterFormation;
import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.EmbeddedKafkaServer;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.infra.EmbeddedRedisServer;
import io.qrflow.infra.EmbeddedSmtpServer;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.publish.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One running node: in dev mode (no database or Kafka configured) it first starts an embedded
 * PostgreSQL and a KRaft Kafka broker with their data under {@code qrflow.data-dir}; then it
 * migrates the schemas and starts the actor system, whose {@link Guardian} brings up entities,
 * projections and HTTP.
 */
public final class QrflowNode implements AutoCloseable {

  private static final String JOURNAL_DB = "pekko-persistence-jdbc.shared-databases.qrflow.db.";

  private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(60);

  private final ActorSystem<Void> system;
  private final CompletableFuture<EdgeBinding> binding;

  private QrflowNode(ActorSystem<Void> system, CompletableFuture<EdgeBinding> binding) {
    this.system = system;
    this.binding = binding;
  }

  public static QrflowNode start(Config config) {
    DatabaseSettings db = DatabaseSettings.fromConfig(config);
    EmbeddedPostgresServer devDatabase = null;
    if (!db.isConfigured()) {
      Path dataDir = Path.of(config.getString("qrflow.data-dir"), "postgres");
      devDatabase = EmbeddedPostgresServer.start(dataDir, config.getInt("qrflow.dev.postgres-port"));
      db = devDatabase.settings(db.poolSize());
    }
    HikariDataSource pool = Database.pool(db, "qrflow-readside");
    Database.migrate(pool);
    KafkaSettings kafka = KafkaSettings.fromConfig(config);
    EmbeddedKafkaServer devKafka = null;
    if (!kafka.isConfigured()) {
      devKafka = EmbeddedKafkaServer.start(Path.of(config.getString("qrflow.data-dir"), "kafka"),
          config.getInt("qrflow.dev.kafka-port"));
      kafka = new KafkaSettings(devKafka.bootstrapServers(), kafka.partitions(), kafka.replicationFactor());
    }
    TopicAdmin.ensureTopics(kafka);
    String redisUrl = config.getString("qrflow.redis.url").strip();
    EmbeddedRedisServer devRedis = null;
    if (redisUrl.isEmpty()) {
      devRedis = EmbeddedRedisServer.start(Path.of(config.getString("qrflow.data-dir"), "redis"),
          config.getInt("qrflow.dev.redis-port"));
      redisUrl = devRedis.url();
    }
    Map<String, Object> devSmtp = new HashMap<>();
    EmbeddedSmtpServer smtp = null;
    if (config.getString("qrflow.smtp.host").isBlank()) {
      smtp = EmbeddedSmtpServer.start(config.getInt("qrflow.dev.smtp-port"));
      devSmtp.putAll(Map.of("qrflow.smtp.host", smtp.host(), "qrflow.smtp.port", smtp.port(),
          "qrflow.smtp.tls", "none", "qrflow.email.dev-mailbox", true));
    }

    var binding = new CompletableFuture<EdgeBinding>();
    ActorSystem<Void> system = ActorSystem.create(Guardian.create(pool, kafka, binding), "qrflow",
        ConfigFactory.parseMap(devSmtp).withFallback(withInfrastructure(config, db, kafka, redisUrl)));
    EmbeddedPostgresServer startedDatabase = devDatabase;
    EmbeddedKafkaServer startedKafka = devKafka;
    EmbeddedRedisServer startedRedis = devRedis;
    EmbeddedSmtpServer startedSmtp = smtp;
    // Last of coordinated shutdown (also on SIGTERM): shards have handed off, every entity has
    // written its pending scans and the producer is closed, so the infrastructure may go.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "close-infrastructure", () -> {
          pool.close();
          if (startedKafka != null) startedKafka.close();
          if (startedRedis != null) startedRedis.close();
          if (startedSmtp != null) startedSmtp.close();
          if (startedDatabase != null) startedDatabase.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    return new QrflowNode(system, binding);
  }

  /** The journal's pool gets the same server as the read side; dev mode fills in addresses. */
  private static Config withInfrastructure(Config config, DatabaseSettings db, KafkaSettings kafka,
      String redisUrl) {
    return ConfigFactory.parseMap(Map.of(
            "qrflow.kafka.bootstrap-servers", kafka.bootstrapServers(),
            "qrflow.redis.url", redisUrl,
            "qrflow.db.url", db.url(),
            "qrflow.db.user", db.user(),
            "qrflow.db.password", db.password(),
            JOURNAL_DB + "url", db.url(),
            JOURNAL_DB + "user", db.user(),
            JOURNAL_DB + "password", db.password()))
        .withFallback(ClusterFormation.withContactPoints(config));
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Completes when the HTTP edge is bound (never, on nodes without the edge role). */
  public CompletableFuture<EdgeBinding> binding() {
    return binding;
  }

  /** Graceful stop: coordinated shutdown, pending scans flushed, databases closed. */
  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture()
        .orTimeout(SHUTDOWN_DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
  }
}
