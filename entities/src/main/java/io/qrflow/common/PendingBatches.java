package io.qrflow.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an entity counts in memory until it is written (scans, page visits), batch by batch as the
 * edges delivered them, with who waits for each batch's acknowledgement. Knowing the batches (not
 * only a count) lets an entity tell exactly which of them a failed write, or another incarnation
 * of the entity during a hand-off, did put in the journal.
 *
 * @param <T> one counted item
 */
public final class PendingBatches<T> {

  private record Batch<T>(Deliveries.Id id, List<T> items, List<ActorRef<Deliveries.Ack>> waiting) {}

  private final List<Batch<T>> batches = new ArrayList<>();
  /** A batch sent again says a newer lowest-unacknowledged number: sender and number identify it. */
  private record Key(String sender, long seq) {
    static Key of(Deliveries.Id id) {
      return new Key(id.sender(), id.seq());
    }
  }

  private final Map<Key, Batch<T>> byId = new HashMap<>();
  private int items;

  /**
   * A batch from an edge: acknowledged at once when {@code counted} holds it already (persisted
   * before; the first acknowledgement was lost or late), else pending.
   */
  public void receive(Deliveries counted, Deliveries.Id id, List<T> batch,
      ActorRef<Deliveries.Ack> replyTo) {
    if (counted.contains(id)) acknowledge(id, replyTo);
    else add(id, batch, replyTo);
  }

  /** Tells the sender (if any waits) that batch {@code id} is counted. */
  public static void acknowledge(Deliveries.Id id, ActorRef<Deliveries.Ack> replyTo) {
    if (replyTo != null) replyTo.tell(new Deliveries.Ack(id.seq()));
  }

  /** Adds a batch; a batch pending already (sent again) only gains another one waiting. */
  private void add(Deliveries.Id id, List<T> batch, ActorRef<Deliveries.Ack> replyTo) {
    Batch<T> known = byId.get(Key.of(id));
    if (known != null) {
      if (replyTo != null) known.waiting().add(replyTo);
      return;
    }
    List<ActorRef<Deliveries.Ack>> waiting = new ArrayList<>();
    if (replyTo != null) waiting.add(replyTo);
    Batch<T> added = new Batch<>(id, List.copyOf(batch), waiting);
    batches.add(added);
    byId.put(Key.of(id), added);
    items += batch.size();
  }

  public int itemCount() {
    return items;
  }

  public boolean isEmpty() {
    return batches.isEmpty();
  }

  /** The most recent item; only when not empty. */
  public T last() {
    List<T> lastBatch = batches.get(batches.size() - 1).items();
    return lastBatch.get(lastBatch.size() - 1);
  }

  /** Every pending item, in order. */
  public List<T> items() {
    return itemsOf(batches.size());
  }

  public int batchCount() {
    return batches.size();
  }

  /** The items of the first {@code n} batches, in order. */
  public List<T> itemsOf(int n) {
    List<T> all = new ArrayList<>();
    for (Batch<T> b : batches.subList(0, n)) all.addAll(b.items());
    return all;
  }

  /**
   * The first {@code n} batches as events of at most {@code maxPerEvent} items each. The write
   * of the list is atomic, so the first event names every batch it holds; the others none.
   */
  public <E> List<E> asEvents(int n, int maxPerEvent, BiFunction<List<T>, List<Deliveries.Id>, E> event) {
    List<T> all = itemsOf(n);
    List<E> events = new ArrayList<>();
    for (int from = 0; from < all.size(); from += maxPerEvent) {
      int to = Math.min(all.size(), from + maxPerEvent);
      events.add(event.apply(List.copyOf(all.subList(from, to)), from == 0 ? idsOf(n) : List.of()));
    }
    return events;
  }

  private List<Deliveries.Id> idsOf(int n) {
    return batches.subList(0, n).stream().map(Batch::id).toList();
  }

  /** The first {@code n} batches are in the journal: acknowledge and forget them. */
  public void written(int n) {
    List<Batch<T>> done = batches.subList(0, n);
    done.forEach(PendingBatches::acknowledge);
    done.forEach(b -> {
      items -= b.items().size();
      byId.remove(Key.of(b.id()));
    });
    done.clear();
  }

  /** Batches the journal holds already (counted by any incarnation): acknowledge, forget. */
  public void forgetCounted(Deliveries counted) {
    batches.removeIf(b -> {
      if (!counted.contains(b.id())) return false;
      acknowledge(b);
      items -= b.items().size();
      byId.remove(Key.of(b.id()));
      return true;
    });
  }

  private static void acknowledge(Batch<?> b) {
    b.waiting().forEach(r -> acknowledge(b.id(), r));
  }
}
