package io.qrflow.projections.publish;

import io.qrflow.microsite.Microsite;
import io.qrflow.projections.contracts.MicrositeContracts;
import io.qrflow.projections.contracts.QrCodeContracts;
import io.qrflow.projections.contracts.UserAccountContracts;
import io.qrflow.projections.metrics.NodeMetrics;
import io.qrflow.qr.QrCode;
import io.qrflow.user.UserAccount;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;

/**
 * The node's Kafka publishing: one idempotent producer (acks=all) shared by every publisher
 * projection and closed in coordinated shutdown, and the publishers of QrCode, UserAccount and
 * Microsite events. The topics exist already ({@link TopicAdmin}, before the node starts).
 */
public final class KafkaPublishing {

  public static final String QR_PUBLISHER = "qr-events-to-kafka";
  public static final String USER_PUBLISHER = "user-events-to-kafka";
  public static final String MICROSITE_PUBLISHER = "microsite-events-to-kafka";

  private KafkaPublishing() {}

  public static void init(ActorSystem<?> system, KafkaSettings kafka, DataSource dataSource,
      QrCode.Settings qr, UserAccount.Settings user, Microsite.Settings microsite) {
    OrderedSender producer = producer(system, kafka);
    NodeMetrics metrics = NodeMetrics.get(system);
    PublisherProjection.<QrCode.Event>init(system, QR_PUBLISHER, qr.tags(), dataSource, producer,
        (persistenceId, sequenceNr, event) -> {
          if (event instanceof QrCode.ScansRecorded batch) metrics.journalScanBatch(batch.scans().size());
          return QrCodeContracts.messages(persistenceId, sequenceNr, event);
        });
    PublisherProjection.<UserAccount.Event>init(system, USER_PUBLISHER, user.tags(), dataSource,
        producer, (persistenceId, sequenceNr, event) -> UserAccountContracts.messages(sequenceNr, event));
    PublisherProjection.<Microsite.Event>init(system, MICROSITE_PUBLISHER, microsite.tags(),
        dataSource, producer, MicrositeContracts::messages);
  }

  /** An idempotent producer (acks=all), closed in coordinated shutdown after the projections. */
  public static OrderedSender producer(ActorSystem<?> system, KafkaSettings kafka) {
    var settings = ProducerSettings.create(system, new StringSerializer(), new ByteArraySerializer())
        .withBootstrapServers(kafka.bootstrapServers())
        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .withProperty(ProducerConfig.ACKS_CONFIG, "all");
    var producer = new OrderedSender(settings.createKafkaProducer(), NodeMetrics.get(system)::producerError);
    // After the projections have stopped (cluster shutdown), before the broker may go.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseClusterShutdown(),
        "close-kafka-producer", producer::closeAsync);
    return producer;
  }
}
