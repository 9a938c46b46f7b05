package io.qrflow.node.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * How a node becomes a member: it starts pekko-management (health checks, bootstrap endpoints),
 * then either runs cluster bootstrap (contact points from config discovery locally, from the
 * Kubernetes API in k8s) or, as a single node, joins itself.
 */
public final class ClusterFormation {

  private static final String DISCOVERY = "pekko.management.cluster.bootstrap.contact-point-discovery.";

  private ClusterFormation() {}

  /**
   * Applies {@code qrflow.cluster.roles} and turns {@code qrflow.cluster.contact-points} ("host:port,...") into the endpoints of config
   * discovery for the bootstrap service; must be applied before the actor system starts.
   */
  public static Config withContactPoints(Config config) {
    return withContactPointList(withRoles(config));
  }

  /** {@code qrflow.cluster.roles} ("edge,entity"), when set, replaces the node's roles. */
  private static Config withRoles(Config config) {
    String roles = config.getString("qrflow.cluster.roles").strip();
    if (roles.isEmpty()) return config;
    List<String> list = List.of(roles.split("\\s*,\\s*"));
    return ConfigFactory.empty()
        .withValue("qrflow.roles", ConfigValueFactory.fromIterable(list))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(list))
        .withFallback(config);
  }

  private static Config withContactPointList(Config config) {
    String points = config.getString("qrflow.cluster.contact-points").strip();
    if (points.isEmpty()) return config;
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (String point : points.split(",")) {
      String[] hostPort = point.strip().split(":");
      if (hostPort.length != 2) {
        throw new IllegalArgumentException("contact point is not host:port: " + point);
      }
      endpoints.add(Map.of("host", hostPort[0], "port", Integer.parseInt(hostPort[1])));
    }
    String service = config.getString(DISCOVERY + "service-name");
    return ConfigFactory.empty()
        .withValue("pekko.discovery.config.services." + service + ".endpoints",
            ConfigValueFactory.fromIterable(endpoints))
        .withFallback(config);
  }

  public static void start(ActorSystem<?> system) {
    Config config = system.settings().config();
    boolean bootstrap = config.getBoolean("qrflow.cluster.bootstrap");
    PekkoManagement.get(system).start().whenComplete((uri, failure) -> {
      if (failure == null) {
        system.log().info("management listening on {}", uri);
      } else if (bootstrap) {
        system.log().error("management could not start; bootstrap needs it, stopping", failure);
        system.terminate();
      } else {
        system.log().warn("management (health checks) not started: {}", failure.getMessage());
      }
    });
    Cluster cluster = Cluster.get(system);
    if (bootstrap) {
      ClusterBootstrap.get(system).start();
    } else if (config.getBoolean("qrflow.cluster.join-self")
        && config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
