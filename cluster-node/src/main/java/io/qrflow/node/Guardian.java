package io.qrflow.node;

import io.qrflow.edge.HttpEdge;
import io.qrflow.projections.analytics.AnalyticsService;
import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.publish.KafkaPublishing;
import io.qrflow.projections.publish.KafkaSettings;
import io.qrflow.projections.qrlisting.QrListingProjection;
import io.qrflow.projections.routing.RoutesConsumer;
import io.qrflow.projections.users.UserDirectoryConsumer;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.RouteUpdate;
import io.qrflow.user.UserAccount;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Brings a node up in order: cluster membership, entities, projections, then HTTP. Sharding and
 * daemon processes start everywhere but only host work on nodes with their role (see
 * cluster.conf); the HTTP edge binds only on nodes with the {@code edge} role.
 */
final class Guardian {

  private Guardian() {}

  static Behavior<Void> create(DataSource dataSource, KafkaSettings kafka,
      CompletableFuture<ServerBinding> binding) {
    return Behaviors.setup(context -> {
      var system = context.getSystem();
      var config = system.settings().config();
      Cluster cluster = Cluster.get(system);
      if (config.getBoolean("qrflow.cluster.join-self") && config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }

      var routeUpdates = context.spawn(Topic.create(RouteUpdate.class, RouteUpdate.TOPIC), "route-updates");
      QrCode.Settings qrSettings = QrCode.Settings.fromConfig(config);
      QrCode.init(system, qrSettings, routeUpdates);
      UserAccount.Settings userSettings = UserAccount.Settings.fromConfig(config);
      UserAccount.init(system, userSettings);
      QrListingProjection.init(system, dataSource, qrSettings.tags());
      KafkaPublishing.init(system, kafka, dataSource, qrSettings, userSettings);
      if (cluster.selfMember().hasRole("projection")) {
        ExactlyOnceConsumer.start(system, kafka, dataSource, RoutesConsumer.definition());
        ExactlyOnceConsumer.start(system, kafka, dataSource, UserDirectoryConsumer.definition());
        AnalyticsService.start(system, kafka, dataSource);
      }

      if (cluster.selfMember().hasRole("edge")) {
        HttpEdge.start(system, dataSource, routeUpdates,
                () -> binding.isDone() && cluster.selfMember().status() == MemberStatus.up())
            .whenComplete((bound, failure) -> {
              if (failure != null) {
                system.log().error("HTTP edge could not bind; stopping the node", failure);
                binding.completeExceptionally(failure);
                system.terminate();
              } else {
                binding.complete(bound);
              }
            });
      }
      return Behaviors.empty();
    });
  }
}
