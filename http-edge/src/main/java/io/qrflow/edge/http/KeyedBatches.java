package io.qrflow.edge.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Items collected per entity id for a few milliseconds and handed to {@code send} as one list
 * per id: one sharding delivery per entity per interval instead of one per item. Flushed on a
 * timer and once more in coordinated shutdown, after the last request and before shards hand off.
 */
public final class KeyedBatches<T> {

  private final ConcurrentHashMap<String, List<T>> pending = new ConcurrentHashMap<>();
  private final BiConsumer<String, List<T>> send;

  public KeyedBatches(ActorSystem<?> system, String name, Duration interval, BiConsumer<String, List<T>> send) {
    this.send = send;
    system.scheduler().scheduleWithFixedDelay(interval, interval, this::flush, system.executionContext());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), name, () -> {
      flush();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  public void add(String key, T item) {
    // compute() locks only this key's bin, so the list is never touched concurrently.
    pending.compute(key, (k, items) -> {
      List<T> list = items == null ? new ArrayList<>() : items;
      list.add(item);
      return list;
    });
  }

  /** Sends everything collected so far. */
  public void flush() {
    for (String key : pending.keySet()) {
      List<T> items = pending.remove(key);
      if (items != null && !items.isEmpty()) send.accept(key, items);
    }
  }
}
