package io.qrflow.projections.pipeline;

import io.qrflow.projections.analytics.AnalyticsService;
import io.qrflow.projections.consume.ConsumerDefinition;
import io.qrflow.projections.email.EmailConsumer;
import io.qrflow.projections.insights.InsightsConsumer;
import io.qrflow.projections.micrositeupdates.MicrositeUpdatesConsumer;
import io.qrflow.projections.ml.MlService;
import io.qrflow.projections.routing.RoutesConsumer;
import io.qrflow.projections.users.UserDirectoryConsumer;
import io.qrflow.projections.webhooks.WebhooksConsumer;
import java.time.Clock;
import java.util.List;

/**
 * Every consumer service a node may run, as the pipeline view and the lag metrics see them
 * (group, schema, topics): one list, so a new service is in both or in neither.
 */
public final class MonitoredConsumers {

  private MonitoredConsumers() {}

  public static List<ConsumerDefinition> all() {
    return List.of(RoutesConsumer.definition(), UserDirectoryConsumer.definition(),
        AnalyticsService.definition(), MlService.forMonitoring(),
        MicrositeUpdatesConsumer.forMonitoring(), EmailConsumer.forMonitoring(),
        WebhooksConsumer.definition(Clock.systemUTC()), InsightsConsumer.definition());
  }
}
