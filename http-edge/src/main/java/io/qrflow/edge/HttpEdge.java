package io.qrflow.edge;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.typesafe.config.Config;
import io.qrflow.edge.admin.AdminSettings;
import io.qrflow.edge.admin.PipelineRoutes;
import io.qrflow.edge.analytics.AnalyticsRebuildRoutes;
import io.qrflow.edge.analytics.AnalyticsRoutes;
import io.qrflow.edge.auth.AuthRoutes;
import io.qrflow.edge.auth.AuthSettings;
import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.JwksRoutes;
import io.qrflow.edge.auth.PasswordHasher;
import io.qrflow.edge.auth.RefreshTokenStore;
import io.qrflow.edge.auth.SigningKeys;
import io.qrflow.edge.auth.TokenService;
import io.qrflow.edge.dashboard.Dashboard;
import io.qrflow.edge.guard.ApiGate;
import io.qrflow.edge.guard.AuthGuards;
import io.qrflow.edge.guard.ClientKeys;
import io.qrflow.edge.guard.LimitSettings;
import io.qrflow.edge.guard.LoginThrottle;
import io.qrflow.edge.guard.RateLimiter;
import io.qrflow.edge.guard.ScanLimit;
import io.qrflow.edge.guard.TokenRevocations;
import io.qrflow.edge.health.HealthRoutes;
import io.qrflow.edge.http.Blocking;
import io.qrflow.edge.insights.InsightsRoutes;
import io.qrflow.edge.insights.WorkflowRoutes;
import io.qrflow.edge.webhooks.WebhookRoutes;
import io.qrflow.projections.insights.InsightsFeed;
import io.qrflow.projections.insights.Workflows;
import io.qrflow.projections.webhooks.AddressPolicy;
import io.qrflow.projections.webhooks.WebhookEndpoints;
import io.qrflow.projections.webhooks.WebhookSettings;
import io.qrflow.projections.webhooks.WebhookUrls;
import io.qrflow.edge.http.EdgeSettings;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.image.QrImageRoutes;
import io.qrflow.edge.microsite.MicrositePages;
import io.qrflow.edge.microsite.MicrositeRoutes;
import io.qrflow.edge.notifications.DevMailboxRoutes;
import io.qrflow.edge.notifications.EmailVerificationRoutes;
import io.qrflow.edge.notifications.NotificationRoutes;
import io.qrflow.edge.qr.QrRoutes;
import io.qrflow.edge.redirect.RouteCache;
import io.qrflow.edge.redirect.ScanBuffer;
import io.qrflow.edge.http.Courier;
import io.qrflow.edge.redirect.ScanHandler;
import io.qrflow.edge.redirect.ScanListener;
import io.qrflow.edge.redirect.ScanRecorder;
import io.qrflow.edge.redirect.VisitorIds;
import io.qrflow.edge.redis.Redis;
import io.qrflow.edge.redis.RedisSettings;
import io.qrflow.infra.StoredSecrets;
import io.qrflow.microsite.PageUpdate;
import io.qrflow.projections.metrics.NodeMetrics;
import io.qrflow.projections.micrositelisting.MicrositeListing;
import io.qrflow.projections.email.EmailSettings;
import io.qrflow.projections.email.NotificationStore;
import io.qrflow.projections.email.VerificationTokens;
import io.qrflow.projections.analytics.AnalyticsQuery;
import io.qrflow.projections.analytics.AnalyticsService;
import io.qrflow.projections.qrlisting.QrListing;
import io.qrflow.qr.RouteUpdate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.function.Function;

/**
 * The HTTP edge of a node: the scan fast path in front of the routes of every resource. Unbinds
 * gracefully in coordinated shutdown (in-flight requests get time to finish).
 */
public final class HttpEdge {

  private static final String VISITOR_SECRET = "visitor-id";
  private static final int VISITOR_SECRET_BYTES = 32;
  private static final Duration UNBIND_DEADLINE = Duration.ofSeconds(10);

  private HttpEdge() {}

  public static CompletionStage<EdgeBinding> start(ActorSystem<?> system, DataSource dataSource,
      ActorRef<Topic.Command<RouteUpdate>> routeUpdates,
      ActorRef<Topic.Command<PageUpdate>> pageUpdates, BooleanSupplier ready) {
    Config config = system.settings().config();
    EdgeSettings settings = EdgeSettings.fromConfig(config);
    var handler = handler(system, config, settings, dataSource, routeUpdates, pageUpdates, ready);
    CompletionStage<ServerBinding> main = Http.get(system)
        .newServerAt(settings.host(), settings.port())
        .bind(handler)
        .thenApply(binding -> {
          system.log().info("HTTP edge listening on {}", binding.localAddress());
          return binding.addToCoordinatedShutdown(UNBIND_DEADLINE, system);
        });
    var scanListener = ScanListener.Settings.fromConfig(config);
    if (!scanListener.enabled()) return main.thenApply(binding -> new EdgeBinding(binding, Optional.empty()));
    return main.thenCompose(binding -> ScanListener.start(system, scanListener, handler)
        .thenApply(listener -> new EdgeBinding(binding, Optional.of(listener))));
  }

  static Function<HttpRequest, CompletionStage<HttpResponse>> handler(ActorSystem<?> system,
      Config config, EdgeSettings settings, DataSource dataSource,
      ActorRef<Topic.Command<RouteUpdate>> routeUpdates,
      ActorRef<Topic.Command<PageUpdate>> pageUpdates, BooleanSupplier ready) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("qrflow.http.blocking-dispatcher"));
    Executor renderers = system.dispatchers().lookup(DispatcherSelector.fromConfig("qrflow.images.render-dispatcher"));

    var routeCacheSettings = RouteCache.Settings.fromConfig(config);
    RouteCache routeCache = new RouteCache(system, routeCacheSettings);
    routeCache.subscribe(system, routeUpdates);
    CompletableFuture.runAsync(() -> warm(system, routeCache, dataSource, routeCacheSettings.warmRoutes()), blocking);
    byte[] clientSecret = visitorSecret(config, dataSource);
    var visitorIds = new VisitorIds(clientSecret, Clock.systemUTC());
    var scanSettings = ScanRecorder.Settings.fromConfig(config);
    var scanBuffer = new ScanBuffer(system, scanSettings.bufferInterval(),
        Courier.Settings.fromConfig(config));
    scanBuffer.courier().registerMetrics(NodeMetrics.get(system).registry(), "scans");
    var scans = new ScanRecorder(scanBuffer, visitorIds, scanSettings, Clock.systemUTC());

    AuthSettings authSettings = AuthSettings.fromConfig(config);
    SigningKeys keys = SigningKeys.load(authSettings, dataSource);
    TokenService tokens = new TokenService(authSettings, keys, Clock.systemUTC());
    Redis redis = Redis.connect(system, RedisSettings.fromConfig(config));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "close-redis",
        () -> {
          redis.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    var limits = LimitSettings.fromConfig(config);
    var limiter = new RateLimiter(redis, Clock.systemUTC());
    var revocations = new TokenRevocations(redis, Clock.systemUTC());
    var clientKeys = new ClientKeys(clientSecret);
    var dashboard = new Dashboard(system, dataSource, blocking);
    BearerAuth auth = new BearerAuth(tokens, dashboard.sessions(),
        new ApiGate(revocations, limiter, limits.api(), redis.retryAfter()));
    var guards = new AuthGuards(limiter, new LoginThrottle(redis, limits.login(), Clock.systemUTC()),
        revocations, limits, scans, clientKeys, auth, redis.retryAfter());
    var refreshTokens = new RefreshTokenStore(authSettings, dataSource, Clock.systemUTC());
    var authRoutes = new AuthRoutes(sharding, new PasswordHasher(authSettings), tokens,
        refreshTokens, auth, blocking, settings.askTimeout());
    var qrRoutes = new QrRoutes(sharding, new QrListing(dataSource), blocking, auth, settings);
    var pipelineRoutes = PipelineRoutes.create(system, dataSource, auth, blocking);
    var micrositeRoutes = new MicrositeRoutes(sharding, new MicrositeListing(dataSource), blocking,
        auth, settings);
    var emailSettings = EmailSettings.fromConfig(config);
    var notificationStore = new NotificationStore(dataSource);
    var notificationRoutes = new NotificationRoutes(notificationStore, auth, blocking, Clock.systemUTC());
    var verificationRoutes = new EmailVerificationRoutes(sharding,
        VerificationTokens.fromSettings(emailSettings, dataSource, Clock.systemUTC()), settings.askTimeout());
    Route devMailbox = emailSettings.devMailbox()
        ? new DevMailboxRoutes(notificationStore, blocking).route()
        : org.apache.pekko.http.javadsl.server.Directives.reject();
    var webhookSettings = WebhookSettings.fromConfig(config);
    var webhookEndpoints = new WebhookEndpoints(dataSource,
        io.qrflow.projections.webhooks.SecretCipher.load(config, dataSource), Clock.systemUTC());
    var inBlocking = new Blocking(blocking);
    var webhookRoutes = new WebhookRoutes(webhookEndpoints,
        new WebhookUrls(AddressPolicy.system(webhookSettings.allowHosts())), webhookSettings, auth, inBlocking);
    var workflowRoutes = new WorkflowRoutes(new Workflows(dataSource, Clock.systemUTC()),
        webhookEndpoints, auth, inBlocking);
    var insightsRoutes = new InsightsRoutes(new InsightsFeed(dataSource, Clock.systemUTC()), auth, inBlocking);
    var analyticsRoutes = new AnalyticsRoutes(new AnalyticsQuery(dataSource), auth, blocking,
        Clock.systemUTC(), sharding, settings.askTimeout());
    var analyticsRebuildRoutes = new AnalyticsRebuildRoutes(AdminSettings.fromConfig(config), auth,
        blocking, () -> AnalyticsService.on(system));

    Route all = concat(
        new QrImageRoutes(routeCache, renderers, settings.publicBaseUrl(),
            QrImageRoutes.Settings.fromConfig(config), redis).route(),
        new HealthRoutes(ready).route(),
        new JwksRoutes(keys).route(),
        dashboard.siteRoute(),
        devMailbox,
        pathPrefix("api", () -> pathPrefix("v1", () ->
            concat(dashboard.apiRoute(auth, new PasswordHasher(authSettings), renderers, settings),
                verificationRoutes.route(), guards.around(authRoutes::route), qrRoutes.route(),
                pipelineRoutes.route(), micrositeRoutes.route(), notificationRoutes.route(),
                webhookRoutes.route(), workflowRoutes.route(), insightsRoutes.route(),
                analyticsRoutes.route(), analyticsRebuildRoutes.route()))));
    Route routes = handleExceptions(Problems.exceptionHandler(),
        () -> handleRejections(Problems.rejectionHandler(), () -> all));
    routeCache.registerMetrics(NodeMetrics.get(system).registry());
    var pages = MicrositePages.handler(system, config, pageUpdates, scans, renderers,
        routes.seal().handler(system));
    var scanLimit = new ScanLimit(limiter, limits.scans(), scans, clientKeys, Clock.systemUTC(),
        new ScanHandler(routeCache, scans, pages, NodeMetrics.get(system)));
    Duration flush = config.getDuration("qrflow.limits.scans.flush-interval");
    system.scheduler().scheduleWithFixedDelay(flush, flush, scanLimit::flush, system.executionContext());
    return scanLimit;
  }

  private static void warm(ActorSystem<?> system, RouteCache cache, DataSource dataSource, int limit) {
    try {
      system.log().info("route cache warmed with {} routes", cache.warm(dataSource, limit));
    } catch (SQLException e) {
      system.log().warn("route cache not warmed: {}", e.getMessage()); // misses ask the entities
    }
  }

  private static byte[] visitorSecret(Config config, DataSource dataSource) {
    String configured = config.getString("qrflow.scan.visitor-secret");
    if (!configured.isBlank()) return Base64.getDecoder().decode(configured.strip());
    return StoredSecrets.getOrCreate(dataSource, VISITOR_SECRET, VISITOR_SECRET_BYTES);
  }
}
