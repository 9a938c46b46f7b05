package io.qrflow.projections.publish;

import io.qrflow.projections.contracts.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the 13 topics at start-up when missing; existing topics are left as they are. */
public final class TopicAdmin {

  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long TIMEOUT_SECONDS = 30;

  private TopicAdmin() {}

  public static void ensureTopics(KafkaSettings settings) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = Topics.ALL.stream()
          .filter(topic -> !existing.contains(topic))
          .map(topic -> new NewTopic(topic, settings.partitions(), settings.replicationFactor()))
          .toList();
      if (missing.isEmpty()) return;
      // Another node may create the same topics at the same moment: "already exists" is fine.
      admin.createTopics(missing).values().forEach((topic, created) -> {
        try {
          created.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw new IllegalStateException("could not create topic " + topic, e.getCause());
          }
        } catch (InterruptedException | TimeoutException e) {
          throw new IllegalStateException("could not create topic " + topic, e);
        }
      });
      log.info("created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka is not reachable at " + settings.bootstrapServers(), e);
    }
  }
}
