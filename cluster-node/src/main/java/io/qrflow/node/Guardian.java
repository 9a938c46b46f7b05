package io.qrflow.node;

import io.qrflow.edge.EdgeBinding;
import io.qrflow.edge.HttpEdge;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.PageUpdate;
import io.qrflow.node.cluster.ClusterFormation;
import io.qrflow.node.cluster.NodeReadiness;
import io.qrflow.node.metrics.ClusterGauges;
import io.qrflow.projections.analytics.AnalyticsService;
import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.email.EmailService;
import io.qrflow.projections.micrositelisting.MicrositeListingProjection;
import io.qrflow.projections.micrositeupdates.MicrositeUpdatesConsumer;
import io.qrflow.projections.ml.MlService;
import io.qrflow.projections.insights.Insights;
import io.qrflow.projections.webhooks.Webhooks;
import io.qrflow.projections.pipeline.MonitoredConsumers;
import io.qrflow.projections.publish.KafkaPublishing;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.qrlisting.QrListingProjection;
import io.qrflow.projections.routing.RoutesConsumer;
import io.qrflow.projections.users.UserDirectoryConsumer;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.RouteUpdate;
import io.qrflow.user.UserAccount;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Brings a node up in order: cluster membership, entities, projections, then HTTP. Sharding starts
 * everywhere but hosts entities only on {@code entity} nodes (a proxy elsewhere, see cluster.conf);
 * read sides, publishers and consumers start only on {@code projection} nodes; the HTTP edge
 * binds only on {@code edge} nodes.
 */
final class Guardian {

  private Guardian() {}

  static Behavior<Void> create(DataSource dataSource, KafkaSettings kafka,
      CompletableFuture<EdgeBinding> binding) {
    return Behaviors.setup(context -> {
      var system = context.getSystem();
      var config = system.settings().config();
      Cluster cluster = Cluster.get(system);
      NodeReadiness readiness = NodeReadiness.get(system);
      ClusterFormation.start(system);

      var routeUpdates = context.spawn(Topic.create(RouteUpdate.class, RouteUpdate.TOPIC), "route-updates");
      QrCode.Settings qrSettings = QrCode.Settings.fromConfig(config);
      QrCode.init(system, qrSettings, routeUpdates);
      UserAccount.Settings userSettings = UserAccount.Settings.fromConfig(config);
      UserAccount.init(system, userSettings);
      var pageUpdates = context.spawn(Topic.create(PageUpdate.class, PageUpdate.TOPIC), "microsite-page-updates");
      Microsite.Settings micrositeSettings = Microsite.Settings.fromConfig(config);
      Microsite.init(system, micrositeSettings, pageUpdates);
      var micrositeUpdates = new MicrositeUpdatesConsumer(
          ClusterSharding.get(system), config.getDuration("qrflow.http.ask-timeout")).definition();
      var consumers = List.of(RoutesConsumer.definition(), UserDirectoryConsumer.definition(),
          micrositeUpdates);
      boolean projectionNode = cluster.selfMember().hasRole("projection");
      if (projectionNode) {
        QrListingProjection.init(system, dataSource, qrSettings.tags());
        MicrositeListingProjection.init(system, dataSource, micrositeSettings.tags());
        KafkaPublishing.init(system, kafka, dataSource, qrSettings, userSettings, micrositeSettings);
        consumers.forEach(consumer -> ExactlyOnceConsumer.start(system, kafka, dataSource, consumer));
        MlService.start(system, kafka, dataSource);
        EmailService.start(system, kafka, dataSource);
        Webhooks.start(system, kafka, dataSource, Clock.systemUTC());
        Insights.start(system, kafka, dataSource, Clock.systemUTC());
        AnalyticsService.start(system, kafka, dataSource);
      }
      ClusterGauges.start(system, dataSource, kafka, MonitoredConsumers.all(),
          cluster.selfMember().hasRole("entity"), projectionNode);

      if (cluster.selfMember().hasRole("edge")) {
        HttpEdge.start(system, dataSource, routeUpdates, pageUpdates, readiness::isReady)
            .whenComplete((bound, failure) -> {
              if (failure != null) {
                system.log().error("HTTP edge could not bind; stopping the node", failure);
                binding.completeExceptionally(failure);
                system.terminate();
              } else {
                binding.complete(bound);
                readiness.markStarted();
              }
            });
      } else {
        readiness.markStarted();
      }
      return Behaviors.empty();
    });
  }
}
