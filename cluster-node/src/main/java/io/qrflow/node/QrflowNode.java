package io.qrflow.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.infra.Database;
import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * One running node: in dev mode (no database configured) it first starts an embedded
 * PostgreSQL with its data under {@code qrflow.data-dir}; then it migrates the schemas and
 * starts the actor system, whose {@link Guardian} brings up entities, projections and HTTP.
 */
public final class QrflowNode implements AutoCloseable {

  private static final String JOURNAL_DB = "pekko-persistence-jdbc.shared-databases.qrflow.db.";

  private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(60);

  private final ActorSystem<Void> system;
  private final CompletableFuture<ServerBinding> binding;

  private QrflowNode(ActorSystem<Void> system, CompletableFuture<ServerBinding> binding) {
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

    var binding = new CompletableFuture<ServerBinding>();
    ActorSystem<Void> system =
        ActorSystem.create(Guardian.create(pool, binding), "qrflow", withDatabase(config, db));
    EmbeddedPostgresServer startedDatabase = devDatabase;
    // Last of coordinated shutdown (also on SIGTERM): shards have handed off and every entity
    // has written its pending scans, so the databases may go.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "close-databases", () -> {
          pool.close();
          if (startedDatabase != null) startedDatabase.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    return new QrflowNode(system, binding);
  }

  /** The journal's pool gets the same server as the read side. */
  private static Config withDatabase(Config config, DatabaseSettings db) {
    return ConfigFactory.parseMap(Map.of(
            "qrflow.db.url", db.url(),
            "qrflow.db.user", db.user(),
            "qrflow.db.password", db.password(),
            JOURNAL_DB + "url", db.url(),
            JOURNAL_DB + "user", db.user(),
            JOURNAL_DB + "password", db.password()))
        .withFallback(config);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Completes when the HTTP edge is bound (never, on nodes without the edge role). */
  public CompletableFuture<ServerBinding> binding() {
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
