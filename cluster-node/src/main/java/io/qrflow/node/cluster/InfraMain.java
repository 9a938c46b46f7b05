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
import java.util.concurrent.CountDownLatch;

/**
 * Infrastructure only, for local multi-node runs: the embedded PostgreSQL and KRaft broker of dev
 * mode (data under {@code qrflow.data-dir}, ports {@code QRFLOW_DEV_POSTGRES_PORT} and
 * {@code QRFLOW_DEV_KAFKA_PORT}), schemas migrated and topics created, then nothing but waiting
 * for SIGTERM. Nodes point at it with {@code QRFLOW_DB_URL} and {@code QRFLOW_KAFKA_BOOTSTRAP};
 * it prints those values on one line, {@code infra ready db=... user=... kafka=...}.
 * Run: {@code java -cp qrflow-node.jar io.qrflow.node.cluster.InfraMain}.
 */
public final class InfraMain {

  private InfraMain() {}

  public static void main(String[] args) throws InterruptedException {
    Config config = ConfigFactory.load();
    Path dataDir = Path.of(config.getString("qrflow.data-dir"));
    var postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"),
        config.getInt("qrflow.dev.postgres-port"));
    DatabaseSettings db = postgres.settings(2);
    try (HikariDataSource pool = Database.pool(db, "qrflow-infra")) {
      Database.migrate(pool);
    }
    var kafka = EmbeddedKafkaServer.start(dataDir.resolve("kafka"), config.getInt("qrflow.dev.kafka-port"));
    KafkaSettings configured = KafkaSettings.fromConfig(config);
    TopicAdmin.ensureTopics(new KafkaSettings(kafka.bootstrapServers(), configured.partitions(),
        configured.replicationFactor()));
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      postgres.close();
      stopped.countDown();
    }, "infra-shutdown"));
    // Printed for scripts (the embedded server trusts loopback: no password).
    System.out.println("infra ready db=" + db.url() + " user=" + db.user()
        + " kafka=" + kafka.bootstrapServers());
    stopped.await();
  }
}
