package io.qrflow.projections.jdbc;

import io.qrflow.common.EventTags;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * A read-side table kept from an entity type's journal, exactly once: the row changes and the
 * offset commit in one transaction. One projection instance per tag, spread over the cluster.
 */
public final class TaggedReadSide {

  private TaggedReadSide() {}

  public static <E> void init(ActorSystem<?> system, String name, EventTags tags,
      DataSource dataSource, Supplier<JdbcHandler<EventEnvelope<E>, PlainJdbcSession>> handler) {
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        name,
        tags.count(),
        index -> {
          String tag = tags.all().get(index);
          return ProjectionBehavior.create(JdbcProjection.exactlyOnce(
              ProjectionId.of(name, tag),
              EventSourcedProvider.<E>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
              () -> new PlainJdbcSession(dataSource),
              handler::get,
              system));
        },
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }
}
