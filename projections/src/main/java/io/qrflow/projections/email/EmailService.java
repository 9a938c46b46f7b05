package io.qrflow.projections.email;

import io.qrflow.projections.consume.ExactlyOnceConsumer;
import io.qrflow.projections.publish.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/** Starts the e-mail service on a projection node: its Kafka consumer and its outbox sender. */
public final class EmailService {

  private static final String BLOCKING = "qrflow.kafka.consumer-dispatcher";

  private EmailService() {}

  public static void start(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource) {
    EmailSettings settings = EmailSettings.fromConfig(system.settings().config());
    Clock clock = Clock.systemUTC();
    var outbox = new EmailOutbox(dataSource, clock);
    var consumer = new EmailConsumer(new EmailTemplates(),
        VerificationTokens.fromSettings(settings, dataSource, clock), outbox, settings.linkBaseUrl());
    ExactlyOnceConsumer.start(system, kafka, dataSource, consumer.definition());

    system.log().info("e-mail service sending through {}", settings.smtp());
    // SMTP and JDBC block: the rounds run on the consumers' blocking dispatcher.
    var blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING));
    Cancellable rounds = system.scheduler().scheduleWithFixedDelay(Duration.ZERO,
        settings.pollInterval(), new OutboxSender(outbox, settings, clock), blocking);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-email-sender",
        () -> {
          rounds.cancel();
          return java.util.concurrent.CompletableFuture.completedFuture(org.apache.pekko.Done.getInstance());
        });
  }
}
