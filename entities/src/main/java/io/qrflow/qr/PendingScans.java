package io.qrflow.qr;

import io.qrflow.common.Deliveries;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The scans a QR code holds in memory until they are written, batch by batch as the edges
 * delivered them, with who waits for each batch's acknowledgement. Knowing the batches (not only
 * a count) lets a code tell exactly which of them a failed write, or another incarnation of the
 * code during a hand-off, did put in the journal.
 */
final class PendingScans {

  private record Batch(Deliveries.Id id, List<Scan> scans, List<ActorRef<Deliveries.Ack>> waiting) {}

  private final List<Batch> batches = new ArrayList<>();
  private int scans;

  /** Adds a batch; a batch pending already (sent again) only gains another one waiting. */
  void add(Deliveries.Id id, List<Scan> batch, ActorRef<Deliveries.Ack> replyTo) {
    for (Batch pending : batches) {
      if (pending.id().equals(id)) {
        if (replyTo != null) pending.waiting().add(replyTo);
        return;
      }
    }
    List<ActorRef<Deliveries.Ack>> waiting = new ArrayList<>();
    if (replyTo != null) waiting.add(replyTo);
    batches.add(new Batch(id, List.copyOf(batch), waiting));
    scans += batch.size();
  }

  int scanCount() {
    return scans;
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  Scan last() {
    List<Scan> lastBatch = batches.get(batches.size() - 1).scans();
    return lastBatch.get(lastBatch.size() - 1);
  }

  int batchCount() {
    return batches.size();
  }

  /** The scans of the first {@code n} batches, in order. */
  List<Scan> scansOf(int n) {
    List<Scan> all = new ArrayList<>();
    for (Batch b : batches.subList(0, n)) all.addAll(b.scans());
    return all;
  }

  List<Deliveries.Id> idsOf(int n) {
    return batches.subList(0, n).stream().map(Batch::id).toList();
  }

  /** The first {@code n} batches are in the journal: acknowledge and forget them. */
  void written(int n) {
    List<Batch> done = batches.subList(0, n);
    done.forEach(PendingScans::acknowledge);
    done.forEach(b -> scans -= b.scans().size());
    done.clear();
  }

  /** Batches the journal holds already (counted by any incarnation): acknowledge, forget. */
  void forgetCounted(Deliveries counted) {
    batches.removeIf(b -> {
      if (!counted.contains(b.id())) return false;
      acknowledge(b);
      scans -= b.scans().size();
      return true;
    });
  }

  private static void acknowledge(Batch b) {
    b.waiting().forEach(r -> r.tell(new Deliveries.Ack(b.id().seq())));
  }
}
