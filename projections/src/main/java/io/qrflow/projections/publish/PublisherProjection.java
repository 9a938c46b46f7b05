package io.qrflow.projections.publish;

import io.qrflow.common.EventTags;
import io.qrflow.projections.jdbc.EventGrouping;
import io.qrflow.projections.jdbc.PlainJdbcSession;
import io.qrflow.projections.jdbc.TaggedProjections;
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

  static <E> void init(ActorSystem<?> system, String name, EventTags tags,
      DataSource dataSource, OrderedSender producer, EventPublisher<E> publisher) {
    EventGrouping grouping = EventGrouping.at(system.settings().config(), "qrflow.kafka.publishers");
    TaggedProjections.perTag(system, name, tags, tag -> JdbcProjection.groupedWithinAsync(
            ProjectionId.of(name, tag),
            EventSourcedProvider.<E>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
            () -> new PlainJdbcSession(dataSource),
            () -> new PublishHandler<>(producer, publisher),
            system)
        .withGroup(grouping.maxEvents(), grouping.maxDelay()));
  }
}
