package io.qrflow.edge.redirect;

import io.qrflow.qr.QrCode;
import io.qrflow.qr.Scan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Collects the scans this edge served for a few milliseconds and sends each QR code's scans as
 * one {@link QrCode.RecordScans} message: one sharding delivery per code per interval instead of
 * one per scan. Flushed on a timer and once more in coordinated shutdown, after the last request
 * and before shards hand off.
 */
public final class ScanBuffer {

  private final ClusterSharding sharding;
  private final ConcurrentHashMap<String, List<Scan>> pending = new ConcurrentHashMap<>();

  public ScanBuffer(ActorSystem<?> system, Duration interval) {
    this.sharding = ClusterSharding.get(system);
    system.scheduler().scheduleWithFixedDelay(interval, interval, this::flush, system.executionContext());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "flush-scan-buffer",
        () -> {
          flush();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  public void add(String code, Scan scan) {
    // compute() locks only this code's bin, so the list is never touched concurrently.
    pending.compute(code, (key, scans) -> {
      List<Scan> list = scans == null ? new ArrayList<>() : scans;
      list.add(scan);
      return list;
    });
  }

  /** Sends everything collected so far. */
  public void flush() {
    for (String code : pending.keySet()) {
      List<Scan> scans = pending.remove(code);
      if (scans != null && !scans.isEmpty()) {
        sharding.entityRefFor(QrCode.ENTITY_KEY, code).tell(new QrCode.RecordScans(scans));
      }
    }
  }
}
