package io.qrflow.node.metrics;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.qrflow.projections.metrics.NodeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} on the management port: the node's registry in the Prometheus text format.
 * Registered as a management route provider in cluster.conf.
 */
public final class MetricsRoute implements ManagementRouteProvider {

  /** Prometheus reads text/plain as its text format 0.0.4. */
  private static final ContentType TEXT = ContentTypes.TEXT_PLAIN_UTF8;

  private final NodeMetrics metrics;

  public MetricsRoute(ExtendedActorSystem system) {
    this.metrics = NodeMetrics.get(Adapter.toTyped(system));
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path("metrics", () -> get(() -> complete(HttpResponse.create()
        .withEntity(HttpEntities.create(TEXT, scrape())))));
  }

  private byte[] scrape() {
    var out = new ByteArrayOutputStream(16 * 1024);
    try {
      new PrometheusTextFormatWriter(false).write(out, metrics.registry().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
