package io.qrflow.projections.analytics;

import com.typesafe.config.Config;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.publish.KafkaSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analytics is rebuilt by reading its input topics from the beginning, so they must keep every
 * message: at start the service sets {@code retention.ms} of its topics to
 * {@code qrflow.analytics.input-retention-ms} (-1 = for ever; Kafka's default is 7 days).
 */
final class AnalyticsTopics {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsTopics.class);
  private static final long TIMEOUT_SECONDS = 30;
  static final List<String> INPUTS = List.of(Topics.QR_SCANNED, Topics.QR_CREATED,
      Topics.QR_UPDATED, Topics.QR_DELETED, Topics.USER_REGISTERED, Topics.USER_LOGGED_IN,
      Topics.ANALYTICS_EVENT);

  private AnalyticsTopics() {}

  static void retainForReplay(Config config, KafkaSettings kafka) {
    if (!config.getBoolean("qrflow.analytics.set-input-retention")) return;
    String retention = Long.toString(config.getLong("qrflow.analytics.input-retention-ms"));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Collection<AlterConfigOp> set = List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retention), AlterConfigOp.OpType.SET));
      Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
      for (String topic : INPUTS) changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), set);
      admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      log.info("analytics input topics keep messages for retention.ms={}", retention);
    } catch (Exception e) {
      // Not fatal: analytics works; only a rebuild could miss messages older than the retention.
      log.warn("could not set retention of the analytics input topics: {}", e.toString());
    }
  }
}
