package io.qrflow.projections.jdbc;

import io.qrflow.common.EventTags;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Projections over an entity type's journal, one instance per tag, spread over the cluster:
 * {@link #init} for a read-side table kept exactly once (the row changes and the offset commit in
 * one transaction), {@link #perTag} for any other kind (e.g. the Kafka publishers).
 */
public final class TaggedProjections {

  private TaggedProjections() {}

  public static <E> void init(ActorSystem<?> system, String name, EventTags tags,
      DataSource dataSource, Supplier<JdbcHandler<EventEnvelope<E>, PlainJdbcSession>> handler) {
    perTag(system, name, tags, tag -> JdbcProjection.exactlyOnce(
        ProjectionId.of(name, tag),
        EventSourcedProvider.<E>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
        () -> new PlainJdbcSession(dataSource),
        handler::get,
        system));
  }

  /** Runs one projection per tag, spread over the cluster by ShardedDaemonProcess. */
  public static void perTag(ActorSystem<?> system, String name, EventTags tags,
      Function<String, Projection<?>> projectionOfTag) {
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        name,
        tags.count(),
        index -> ProjectionBehavior.create(projectionOfTag.apply(tags.all().get(index))),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }
}
