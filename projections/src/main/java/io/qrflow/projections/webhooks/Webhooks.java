package io.qrflow.projections.webhooks;

import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.publish.KafkaSettings;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;

/** The webhook service of a projection node: the {@code webhooks} consumer and the sender. */
public final class Webhooks {

  private Webhooks() {}

  public static void start(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource, Clock clock) {
    var settings = WebhookSettings.fromConfig(system.settings().config());
    ExactlyOnceConsumer.start(system, kafka, dataSource, WebhooksConsumer.definition(clock));
    WebhookSender.start(system, dataSource, settings, AddressPolicy.system(settings.allowHosts()),
        SecretCipher.load(system.settings().config(), dataSource), clock);
  }
}
