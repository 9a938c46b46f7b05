package io.qrflow.projections.consume;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.pekko.Done;
import org.apache.pekko.stream.UniqueKillSwitch;

/**
 * A started consumer service. {@link #stop()} returns once no message is being applied and none
 * will be any more, so the caller may then change the service's tables (e.g. to rebuild them).
 */
public final class RunningConsumer {

  /** Lets messages through until closed; closing waits for the one being applied. */
  static final class Gate {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    void whileOpen(Runnable apply) {
      lock.readLock().lock();
      try {
        if (!closed) apply.run(); // a skipped message is not committed: it is read again on restart
      } finally {
        lock.readLock().unlock();
      }
    }

    void close() {
      closed = true;
      lock.writeLock().lock(); // waits for transactions in flight
      lock.writeLock().unlock();
    }
  }

  private final String group;
  private final Gate gate;
  private final UniqueKillSwitch killSwitch;
  private final CompletionStage<Done> done;

  RunningConsumer(String group, Gate gate, UniqueKillSwitch killSwitch, CompletionStage<Done> done) {
    this.group = group;
    this.gate = gate;
    this.killSwitch = killSwitch;
    this.done = done;
  }

  public String group() {
    return group;
  }

  /** Blocks until no message is applied any more, then stops the stream. */
  public CompletionStage<Done> stop() {
    gate.close();
    killSwitch.shutdown();
    return done;
  }
}
