package io.qrflow.projections.publish;

import com.typesafe.config.Config;

/** Where Kafka is and how topics are made, from {@code qrflow.kafka}. Empty bootstrap = dev mode. */
public record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor) {

  public static KafkaSettings fromConfig(Config config) {
    Config kafka = config.getConfig("qrflow.kafka");
    return new KafkaSettings(kafka.getString("bootstrap-servers"), kafka.getInt("partitions"),
        (short) kafka.getInt("replication-factor"));
  }

  public boolean isConfigured() {
    return !bootstrapServers.isBlank();
  }
}
