package io.qrflow.node.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** The management readiness check ({@code /ready}): see {@link NodeReadiness}. */
public final class NodeReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final NodeReadiness readiness;

  public NodeReadinessCheck(ActorSystem system) {
    this.readiness = NodeReadiness.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(readiness.isReady());
  }
}
