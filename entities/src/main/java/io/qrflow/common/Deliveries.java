package io.qrflow.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an entity remembers of acknowledged deliveries (batches a sender keeps resending until the
 * entity acknowledges them), so that a batch sent twice is counted once, also after the entity
 * moved to another node. Part of the persisted state; immutable.
 *
 * <p>A sender (one edge incarnation) numbers its batches; with each batch it says the lowest
 * number it still waits on for this entity ({@link Id#lowestUnacked}). Numbers below that are
 * never sent again, so only accepted numbers at or above it are kept: a handful per sender. At
 * most {@code maxSenders} senders are kept, the least recently heard of dropped first; a sender
 * also gives up on a batch after a bounded time (see the edge's courier), so an old sender has
 * nothing left to resend.
 */
public record Deliveries(Map<String, Sender> senders) implements JsonSerializable {

  public static final Deliveries NONE = new Deliveries(Map.of());

  /** One batch: sender, its number, and the lowest number the sender still waits on. */
  public record Id(String sender, long seq, long lowestUnacked) implements JsonSerializable {}

  /** What is kept per sender; {@code lastHeard} orders senders for eviction. */
  public record Sender(long lowestUnacked, List<Long> accepted, long lastHeard)
      implements JsonSerializable {}

  /** The entity's answer: batch {@code seq} is counted (persisted), stop resending it. */
  public record Ack(long seq) implements JsonSerializable {}

  /** Whether this batch was already accepted (or is one the sender no longer sends). */
  public boolean contains(Id id) {
    Sender known = senders.get(id.sender());
    if (known == null) return false;
    return id.seq() < known.lowestUnacked() || known.accepted().contains(id.seq());
  }

  /**
   * These batches accepted, at logical time {@code now} (anything that only grows with the
   * entity's events, so that replaying the journal gives the same result).
   */
  public Deliveries with(List<Id> ids, long now, int maxSenders) {
    if (ids == null || ids.isEmpty()) return this;
    Map<String, Sender> next = new HashMap<>(senders);
    for (Id id : ids) {
      Sender known = next.getOrDefault(id.sender(), new Sender(0, List.of(), now));
      long lowest = Math.max(known.lowestUnacked(), id.lowestUnacked());
      List<Long> accepted = new ArrayList<>();
      for (long seq : known.accepted()) if (seq >= lowest) accepted.add(seq);
      if (id.seq() >= lowest && !accepted.contains(id.seq())) accepted.add(id.seq());
      next.put(id.sender(), new Sender(lowest, List.copyOf(accepted), now));
    }
    while (next.size() > maxSenders) {
      next.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastHeard()))
          .ifPresent(oldest -> next.remove(oldest.getKey()));
    }
    return new Deliveries(Map.copyOf(next));
  }
}
