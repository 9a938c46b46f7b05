package io.qrflow.edge.microsite;

import io.qrflow.edge.http.Courier;
import io.qrflow.edge.http.KeyedBatches;
import io.qrflow.edge.redirect.ScanRecorder;
import io.qrflow.microsite.Microsite;
import io.qrflow.projections.metrics.NodeMetrics;
import io.qrflow.microsite.Visit;
import io.qrflow.qr.Scan;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Page views and link clicks, anonymized exactly like scans (same visitor ids, country header,
 * referrer host), collected for a few milliseconds and sent to each microsite as one {@link
 * Microsite.RecordVisits} batch, again until the microsite acknowledges it as persisted (see
 * {@link Courier}); the entity counts them in memory.
 */
final class VisitRecorder {

  private final ScanRecorder anonymizer;
  private final KeyedBatches<Visit> batches;

  VisitRecorder(ActorSystem<?> system, ScanRecorder anonymizer, Duration interval,
      Courier.Settings delivery) {
    this.anonymizer = anonymizer;
    ClusterSharding sharding = ClusterSharding.get(system);
    Courier<Visit> courier = new Courier<>(system, "visit-courier", delivery,
        (slug, batches, replyTo) -> sharding.entityRefFor(Microsite.ENTITY_KEY, slug)
            .tell(new Microsite.RecordVisits(batches.stream()
                .map(b -> new Microsite.VisitBatch(b.id(), b.items())).toList(), replyTo)));
    courier.registerMetrics(NodeMetrics.get(system).registry(), "visits");
    this.batches = new KeyedBatches<>(system, "flush-visit-buffer", interval, courier::deliver);
  }

  void view(String slug, HttpRequest request) {
    batches.add(slug, visit(Visit.VIEW, null, request));
  }

  void click(String slug, String target, HttpRequest request) {
    batches.add(slug, visit(Visit.CLICK, target, request));
  }

  private Visit visit(String kind, String target, HttpRequest request) {
    Scan s = anonymizer.scanOf(request);
    return new Visit(kind, target, s.at(), s.visitorId(), s.country(), s.userAgent(), s.referrerHost());
  }
}
