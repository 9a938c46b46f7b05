package io.qrflow.projections.schedule;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a round of work again and again: {@code interval} after a round, or at once when the round
 * says there is more to do. A failed round is logged and retried after the interval. Stops in
 * coordinated shutdown (service-stop), letting the current round finish.
 */
public final class PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

  private final ActorSystem<?> system;
  private final String name;
  private final Duration interval;
  private final Supplier<CompletionStage<Boolean>> round;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private PeriodicTask(ActorSystem<?> system, String name, Duration interval,
      Supplier<CompletionStage<Boolean>> round) {
    this.system = system;
    this.name = name;
    this.interval = interval;
    this.round = round;
  }

  /** {@code round} completes with true when it should run again at once. */
  public static void start(ActorSystem<?> system, String name, Duration interval,
      Supplier<CompletionStage<Boolean>> round) {
    var task = new PeriodicTask(system, name, interval, round);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-" + name, () -> {
      task.stopped.set(true);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    task.scheduleAfter(interval);
  }

  private void scheduleAfter(Duration delay) {
    if (stopped.get()) return;
    system.scheduler().scheduleOnce(delay, this::run, system.executionContext());
  }

  private void run() {
    CompletionStage<Boolean> result;
    try {
      result = round.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((more, failure) -> {
      if (failure != null) log.warn("{}: round failed: {}", name, failure.getMessage());
      scheduleAfter(failure == null && Boolean.TRUE.equals(more) ? Duration.ZERO : interval);
    });
  }
}
