package io.qrflow.edge.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.PasswordHasher;
import io.qrflow.edge.auth.SignIn;
import io.qrflow.edge.http.EdgeSettings;
import java.time.Clock;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.Route;

/** Wires the dashboard: its cookie sessions (for {@link BearerAuth}), API additions and pages. */
public final class Dashboard {

  private final ActorSystem<?> system;
  private final DashboardSettings settings;
  private final SessionStore store;
  private final CookieSessions sessions;
  private final Executor blocking;

  public Dashboard(ActorSystem<?> system, DataSource dataSource, Executor blocking) {
    this.system = system;
    this.settings = DashboardSettings.fromConfig(system.settings().config());
    this.store = new SessionStore(dataSource, settings.sessionTtl(), Clock.systemUTC());
    this.sessions = new CookieSessions(store, settings, blocking);
    this.blocking = blocking;
  }

  /** The browser sessions the API accepts besides bearer tokens. */
  public CookieSessions sessions() {
    return sessions;
  }

  /** Routes under {@code /api/v1}: session sign-in/out, live scan counts, image preview. */
  public Route apiRoute(BearerAuth auth, PasswordHasher passwords, Executor renderers,
      EdgeSettings edge) {
    var signIn = new SignIn(ClusterSharding.get(system), passwords, blocking, edge.askTimeout());
    return concat(
        new SessionRoutes(signIn, store, sessions, blocking).route(),
        new LiveScanRoutes(system, auth, settings, edge.askTimeout()).route(),
        new PreviewRoutes(auth, renderers, edge.publicBaseUrl()).route());
  }

  /** The pages and their assets, from {@code /}. */
  public Route siteRoute() {
    return new DashboardRoutes().route();
  }
}
