package io.qrflow.edge.http;

import com.typesafe.config.Config;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.qrflow.common.Deliveries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Delivers batches to sharded entities until each one is acknowledged. Sharding drops messages
 * for a shard that is handing off or whose node died; the courier sends a batch again when no
 * acknowledgement came within {@code ack-timeout}, and the entity counts a batch it has seen
 * once (see {@link Deliveries}). Batches due again for one entity travel together, at most
 * {@code max-resend-items} items per message, so an outage (a node down, the database
 * restarting) costs a few messages per entity and interval, not one per batch. A batch still
 * unacknowledged after {@code give-up-after} is dropped and counted in the metrics, which bounds
 * the memory a long outage can take.
 *
 * <p>In coordinated shutdown the courier waits (up to {@code drain-timeout}) until every batch
 * handed to it is acknowledged, after the edge's last requests and before shards hand off.
 *
 * @param <T> what a batch holds (scans, page visits)
 */
public final class Courier<T> {

  /** One numbered batch. */
  public record Batch<T>(Deliveries.Id id, List<T> items) {}

  /** Sends batches to entity {@code entityId}, which acknowledges each to {@code replyTo}. */
  @FunctionalInterface
  public interface Send<T> {
    void send(String entityId, List<Batch<T>> batches, ActorRef<Deliveries.Ack> replyTo);
  }

  public record Settings(Duration ackTimeout, Duration resendCheck, int maxResendItems,
      Duration giveUpAfter, Duration drainTimeout) {
    /** From {@code qrflow.http.delivery}. */
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("qrflow.http.delivery");
      return new Settings(c.getDuration("ack-timeout"), c.getDuration("resend-check"),
          c.getInt("max-resend-items"), c.getDuration("give-up-after"),
          c.getDuration("drain-timeout"));
    }
  }

  private final ActorRef<Command> actor;
  private final ActorSystem<?> system;
  private final Settings settings;
  private final Counts counts = new Counts();

  public Courier(ActorSystem<?> system, String name, Settings settings, Send<T> send) {
    this.system = system;
    this.settings = settings;
    this.actor = system.systemActorOf(
        Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers -> {
          timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.resendCheck());
          return new CourierActor<>(ctx, settings, send, counts, System::nanoTime);
        })),
        name, Props.empty());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(),
        "drain-" + name, this::drain);
  }

  /** Hands a batch over; it is sent at once and again until acknowledged. */
  public void deliver(String entityId, List<T> items) {
    counts.outstandingItems.addAndGet(items.size());
    actor.tell(new Deliver(entityId, List.copyOf(items)));
  }

  /** Completes when nothing is outstanding, or after the drain timeout. */
  public CompletableFuture<Done> drain() {
    return AskPattern.<Command, Done>ask(actor, Drain::new, settings.drainTimeout(),
            system.scheduler())
        .exceptionally(timeout -> Done.getInstance())
        .toCompletableFuture();
  }

  /** Batches and items not yet acknowledged, resends and items given up on. */
  public void registerMetrics(PrometheusRegistry registry, String what) {
    GaugeWithCallback.builder().name("qrflow_" + what + "_outstanding")
        .help("Items (" + what + ") sent to entities and not yet acknowledged")
        .callback(cb -> cb.call(counts.outstandingItems.get())).register(registry);
    CounterWithCallback.builder().name("qrflow_" + what + "_resent_batches_total")
        .help("Batches (" + what + ") sent again after no acknowledgement came in time")
        .callback(cb -> cb.call(counts.resentBatches.get())).register(registry);
    CounterWithCallback.builder().name("qrflow_" + what + "_given_up_total")
        .help("Items (" + what + ") dropped after no acknowledgement for give-up-after")
        .callback(cb -> cb.call(counts.givenUpItems.get())).register(registry);
  }

  long outstandingItems() {
    return counts.outstandingItems.get();
  }

  long resentBatches() {
    return counts.resentBatches.get();
  }

  private static final class Counts {
    final AtomicLong outstandingItems = new AtomicLong();
    final AtomicLong resentBatches = new AtomicLong();
    final AtomicLong givenUpItems = new AtomicLong();
  }

  // --- the actor ------------------------------------------------------------------------------

  private sealed interface Command {}

  private record Deliver(String entityId, List<?> items) implements Command {}

  private record Acked(Deliveries.Ack ack) implements Command {}

  private record Drain(ActorRef<Done> replyTo) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  /** A batch waiting for its acknowledgement. */
  private static final class Outstanding {
    final String entityId;
    final List<?> items;
    final long firstSentNanos;
    long lastSentNanos;

    Outstanding(String entityId, List<?> items, long now) {
      this.entityId = entityId;
      this.items = items;
      this.firstSentNanos = now;
      this.lastSentNanos = now;
    }
  }

  private static final class CourierActor<T> extends AbstractBehavior<Command> {

    private final String sender = UUID.randomUUID().toString();
    private final Settings settings;
    private final Send<T> send;
    private final Counts counts;
    private final LongSupplier nanos;
    private final ActorRef<Deliveries.Ack> acks;
    private final Map<Long, Outstanding> outstanding = new HashMap<>();
    /** Per entity, its outstanding batches by number (the lowest is what it still waits on). */
    private final Map<String, TreeMap<Long, Outstanding>> byEntity = new HashMap<>();
    private final List<ActorRef<Done>> drainers = new ArrayList<>();
    private long nextSeq;

    CourierActor(ActorContext<Command> ctx, Settings settings, Send<T> send, Counts counts,
        LongSupplier nanos) {
      super(ctx);
      this.settings = settings;
      this.send = send;
      this.counts = counts;
      this.nanos = nanos;
      this.acks = ctx.messageAdapter(Deliveries.Ack.class, Acked::new);
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Deliver.class, this::onDeliver)
          .onMessage(Acked.class, this::onAcked)
          .onMessageEquals(Tick.INSTANCE, this::onTick)
          .onMessage(Drain.class, this::onDrain)
          .build();
    }

    private Behavior<Command> onDeliver(Deliver d) {
      long seq = nextSeq++;
      var batch = new Outstanding(d.entityId(), d.items(), nanos.getAsLong());
      outstanding.put(seq, batch);
      byEntity.computeIfAbsent(d.entityId(), e -> new TreeMap<>()).put(seq, batch);
      send.send(d.entityId(), List.of(batchOf(seq, batch)), acks);
      return this;
    }

    private Behavior<Command> onAcked(Acked a) {
      Outstanding batch = outstanding.remove(a.ack().seq());
      if (batch != null) forget(a.ack().seq(), batch); // else: a second acknowledgement
      return this;
    }

    private Behavior<Command> onTick() {
      long now = nanos.getAsLong();
      for (var entity : List.copyOf(byEntity.entrySet())) {
        List<Batch<T>> due = new ArrayList<>();
        int dueItems = 0;
        for (var entry : List.copyOf(entity.getValue().entrySet())) {
          Outstanding batch = entry.getValue();
          if (now - batch.lastSentNanos < settings.ackTimeout().toNanos()) continue;
          if (now - batch.firstSentNanos >= settings.giveUpAfter().toNanos()) {
            giveUp(entry.getKey(), batch);
            continue;
          }
          if (dueItems > 0 && dueItems + batch.items.size() > settings.maxResendItems()) {
            send.send(entity.getKey(), due, acks);
            due = new ArrayList<>();
            dueItems = 0;
          }
          batch.lastSentNanos = now;
          counts.resentBatches.incrementAndGet();
          due.add(batchOf(entry.getKey(), batch));
          dueItems += batch.items.size();
        }
        if (!due.isEmpty()) send.send(entity.getKey(), due, acks);
      }
      return this;
    }

    private void giveUp(long seq, Outstanding batch) {
      getContext().getLog().warn("gave up delivering {} items to entity {} after {}",
          batch.items.size(), batch.entityId, settings.giveUpAfter());
      outstanding.remove(seq);
      counts.givenUpItems.addAndGet(batch.items.size());
      forget(seq, batch);
    }

    private Behavior<Command> onDrain(Drain d) {
      if (outstanding.isEmpty()) d.replyTo().tell(Done.getInstance());
      else drainers.add(d.replyTo());
      return this;
    }

    /** The batch as sent now: with the lowest number its entity still waits on. */
    @SuppressWarnings("unchecked")
    private Batch<T> batchOf(long seq, Outstanding batch) {
      long lowest = byEntity.get(batch.entityId).firstKey();
      return new Batch<>(new Deliveries.Id(sender, seq, lowest), (List<T>) batch.items);
    }

    private void forget(long seq, Outstanding batch) {
      TreeMap<Long, Outstanding> ofEntity = byEntity.get(batch.entityId);
      ofEntity.remove(seq);
      if (ofEntity.isEmpty()) byEntity.remove(batch.entityId);
      counts.outstandingItems.addAndGet(-batch.items.size());
      if (outstanding.isEmpty()) {
        drainers.forEach(r -> r.tell(Done.getInstance()));
        drainers.clear();
      }
    }
  }
}
