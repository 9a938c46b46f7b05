package io.qrflow.node.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Whether this node should get traffic: it is an Up member, its parts have started (the HTTP edge
 * is bound on edge nodes) and it is not shutting down. The first step of coordinated shutdown
 * flips it to not ready, so load balancers and Kubernetes stop sending requests before the HTTP
 * port closes. Read by the management {@code /ready} check and by the edge's {@code /health/ready}.
 */
public final class NodeReadiness implements Extension {

  private final Cluster cluster;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  private NodeReadiness(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "mark-not-ready", () -> {
          stopping.set(true);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  public static NodeReadiness get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** Called once the node's parts are up (after the HTTP bind on edge nodes). */
  public void markStarted() {
    started.set(true);
  }

  public boolean isReady() {
    MemberStatus status = cluster.selfMember().status();
    boolean member = status == MemberStatus.up() || status == MemberStatus.weaklyUp();
    return started.get() && !stopping.get() && member;
  }

  public boolean isStopping() {
    return stopping.get();
  }

  private static final class Id extends ExtensionId<NodeReadiness> {
    static final Id INSTANCE = new Id();

    @Override
    public NodeReadiness createExtension(ActorSystem<?> system) {
      return new NodeReadiness(system);
    }
  }
}
