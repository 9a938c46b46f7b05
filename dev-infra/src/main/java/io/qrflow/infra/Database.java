package io.qrflow.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Connection pools and the versioned schema migrations (SQL files in conf/db/migration). */
public final class Database {

  private static final String MIGRATIONS = "classpath:db/migration";
  /** Flyway's own bookkeeping table lives beside the journal. */
  private static final String HISTORY_SCHEMA = "journal";

  private Database() {}

  public static HikariDataSource pool(DatabaseSettings settings, String poolName) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }

  /** Brings every schema to the newest version; safe to run on every start, from every node. */
  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .schemas(HISTORY_SCHEMA)
        .createSchemas(true)
        .load()
        .migrate();
  }
}
