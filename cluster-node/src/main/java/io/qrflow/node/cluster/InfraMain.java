package io.qrflow.node.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.EmbeddedKafkaServer;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.publish.TopicAdmin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Infrastructure only, for local multi-node runs: the embedded PostgreSQL and/or KRaft broker of dev
 * mode (data under {@code qrflow.data-dir}, ports {@code QRFLOW_DEV_POSTGRES_PORT} and
 * {@code QRFLOW_DEV_KAFKA_PORT}), schemas migrated and topics created, then nothing but waiting
 * for SIGTERM. Nodes point at it with {@code QRFLOW_DB_URL} and {@code QRFLOW_KAFKA_BOOTSTRAP};
 * it prints those values on one line, {@code infra ready db=... user=... kafka=...}.
 * Run: {@code java -cp qrflow-node.jar io.qrflow.node.cluster.InfraMain [postgres] [kafka]}.
 */
public final class InfraMain {

  private InfraMain() {}

  /** Arguments: {@code postgres}, {@code kafka} or both (default), so each can be restarted alone. */
  public static void main(String[] args) throws InterruptedException {
    Set<String> parts = args.length == 0 ? Set.of("postgres", "kafka") : Set.of(args);
    Config config = ConfigFactory.load();
    Path dataDir = Path.of(config.getString("qrflow.data-dir"));
    List<AutoCloseable> started = new ArrayList<>();
    StringBuilder ready = new StringBuilder("infra ready");
    if (parts.contains("postgres")) {
      var postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"),
          config.getInt("qrflow.dev.postgres-port"));
      started.add(postgres);
      DatabaseSettings db = postgres.settings(2);
      try (HikariDataSource pool = Database.pool(db, "qrflow-infra")) {
        Database.migrate(pool);
      }
      // The embedded server trusts loopback: there is no password to print.
      ready.append(" db=").append(db.url()).append(" user=").append(db.user());
    }
    if (parts.contains("kafka")) {
      var kafka = EmbeddedKafkaServer.start(dataDir.resolve("kafka"), config.getInt("qrflow.dev.kafka-port"));
      started.add(0, kafka);
      KafkaSettings configured = KafkaSettings.fromConfig(config);
      TopicAdmin.ensureTopics(new KafkaSettings(kafka.bootstrapServers(), configured.partitions(),
          configured.replicationFactor()));
      ready.append(" kafka=").append(kafka.bootstrapServers());
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (AutoCloseable part : started) {
        try {
          part.close();
        } catch (Exception e) {
          System.err.println("could not stop " + part + ": " + e);
        }
      }
      stopped.countDown();
    }, "infra-shutdown"));
    System.out.println(ready);
    stopped.await();
  }
}
