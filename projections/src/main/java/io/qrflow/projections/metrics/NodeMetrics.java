package io.qrflow.projections.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's Prometheus metrics, one registry per actor system (several nodes may share a JVM in
 * tests). The parts record into the metrics below; gauges that read state when scraped (cache hit
 * ratio, entities, lag) register themselves. Served at {@code /metrics} on the management port.
 * Hot-path metrics are pre-bound data points and classic histograms: a few nanoseconds each.
 */
public final class NodeMetrics implements Extension {

  private static final double[] LATENCY_BUCKETS =
      {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5};
  private static final double[] BATCH_BUCKETS = {1, 5, 10, 25, 50, 100, 250, 500, 1000};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CounterDataPoint scans;
  private final Histogram redirectSeconds;
  private final Histogram scanBatchSize;
  private final CounterDataPoint producerErrors;

  private NodeMetrics() {
    scans = Counter.builder().name("qrflow_scans_total")
        .help("Scans answered with a redirect and counted, on this edge").register(registry);
    redirectSeconds = Histogram.builder().name("qrflow_redirect_seconds")
        .help("Time from a scan request reaching the scan handler to its answer")
        .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    scanBatchSize = Histogram.builder().name("qrflow_journal_scan_batch_size")
        .help("Scans per ScansRecorded journal write (seen by this node's publisher)")
        .classicOnly().classicUpperBounds(BATCH_BUCKETS).register(registry);
    producerErrors = Counter.builder().name("qrflow_kafka_producer_errors_total")
        .help("Records the Kafka producer failed to send (the publisher retries them)")
        .register(registry);
  }

  public static NodeMetrics get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void scanRedirected(long startNanos) {
    scans.inc();
    redirectSeconds.observe((System.nanoTime() - startNanos) / 1e9);
  }

  public void redirectAnswered(long startNanos) {
    redirectSeconds.observe((System.nanoTime() - startNanos) / 1e9);
  }

  public void journalScanBatch(int scans) {
    scanBatchSize.observe(scans);
  }

  public void producerError() {
    producerErrors.inc();
  }

  private static final class Id extends ExtensionId<NodeMetrics> {
    static final Id INSTANCE = new Id();

    @Override
    public NodeMetrics createExtension(ActorSystem<?> system) {
      return new NodeMetrics();
    }
  }
}
