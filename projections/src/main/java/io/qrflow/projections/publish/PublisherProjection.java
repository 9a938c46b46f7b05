package io.qrflow.projections.publish;

import com.typesafe.config.Config;
import io.qrflow.common.EventTags;
import io.qrflow.projections.jdbc.PlainJdbcSession;
import io.qrflow.projections.jdbc.TaggedProjections;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Publishes an entity type's journal events to Kafka, at least once: one projection instance
 * per tag (spread over the cluster by ShardedDaemonProcess), offsets in PostgreSQL, events sent
 * in groups and an offset saved only after Kafka acknowledged the whole group.
 */
public final class PublisherProjection {

  private PublisherProjection() {}

  /** How many journal events, or how much time, make one group sent together. */
  record Grouping(int maxEvents, Duration maxDelay) {
    static Grouping fromConfig(Config config) {
      Config c = config.getConfig("qrflow.kafka.publishers");
      return new Grouping(c.getInt("group-max-events"), c.getDuration("group-max-delay"));
    }
  }

  static <E> void init(ActorSystem<?> system, String name, EventTags tags,
      DataSource dataSource, OrderedSender producer, EventPublisher<E> publisher) {
    Grouping grouping = Grouping.fromConfig(system.settings().config());
    TaggedProjections.perTag(system, name, tags, tag -> JdbcProjection.groupedWithinAsync(
            ProjectionId.of(name, tag),
            EventSourcedProvider.<E>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
            () -> new PlainJdbcSession(dataSource),
            () -> new PublishHandler<>(producer, publisher),
            system)
        .withGroup(grouping.maxEvents(), grouping.maxDelay()));
  }
}
