package io.qrflow.projections.jdbc;

import io.qrflow.common.EventTags;
import java.util.List;
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
 * {@link #init} for a read-side table kept exactly once (the row changes of a group of events and
 * the offset commit in one transaction: under a scan stream, one transaction per journal event
 * was a large share of the database's work), {@link #perTag} for any other kind (e.g. the Kafka
 * publishers).
 */
public final class TaggedProjections {

  private TaggedProjections() {}

  public static <E> void init(ActorSystem<?> system, String name, EventTags tags,
      DataSource dataSource, Supplier<JdbcHandler<EventEnvelope<E>, PlainJdbcSession>> handler) {
    EventGrouping grouping = EventGrouping.at(system.settings().config(), "qrflow.read-side");
    perTag(system, name, tags, tag -> JdbcProjection.groupedWithin(
            ProjectionId.of(name, tag),
            EventSourcedProvider.<E>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
            () -> new PlainJdbcSession(dataSource),
            () -> new InOrder<>(handler.get()),
            system)
        .withGroup(grouping.maxEvents(), grouping.maxDelay()));
  }

  /** A group of events applied one after another in the group's transaction. */
  private static final class InOrder<E> extends JdbcHandler<List<EventEnvelope<E>>, PlainJdbcSession> {
    private final JdbcHandler<EventEnvelope<E>, PlainJdbcSession> each;

    InOrder(JdbcHandler<EventEnvelope<E>, PlainJdbcSession> each) {
      this.each = each;
    }

    @Override
    public void process(PlainJdbcSession session, List<EventEnvelope<E>> envelopes) throws Exception {
      for (EventEnvelope<E> envelope : envelopes) each.process(session, envelope);
    }
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
