package io.qrflow.edge.redirect;

import io.qrflow.edge.http.Courier;
import io.qrflow.edge.http.KeyedBatches;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.Scan;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Collects the scans this edge served for a few milliseconds and sends each QR code's scans as
 * one {@link QrCode.RecordScans} message (see {@link KeyedBatches}), again and again until the
 * code acknowledges that they are persisted (see {@link Courier}).
 */
public final class ScanBuffer {

  private final KeyedBatches<Scan> batches;
  private final Courier<Scan> courier;

  public ScanBuffer(ActorSystem<?> system, Duration interval, Courier.Settings delivery) {
    ClusterSharding sharding = ClusterSharding.get(system);
    this.courier = new Courier<>(system, "scan-courier", delivery, (code, batches, replyTo) ->
        sharding.entityRefFor(QrCode.ENTITY_KEY, code).tell(new QrCode.RecordScans(
            batches.stream().map(b -> new QrCode.ScanBatch(b.id(), b.items())).toList(), replyTo)));
    this.batches = new KeyedBatches<>(system, "flush-scan-buffer", interval, courier::deliver);
  }

  public void add(String code, Scan scan) {
    batches.add(code, scan);
  }

  /** Sends everything collected so far. */
  public void flush() {
    batches.flush();
  }

  public Courier<Scan> courier() {
    return courier;
  }
}
