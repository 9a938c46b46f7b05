package io.qrflow.projections.qrlisting;

import io.qrflow.common.EventTags;
import io.qrflow.projections.jdbc.PlainJdbcSession;
import io.qrflow.qr.QrCode;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.ExactlyOnceProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Keeps {@code qr_service.qr_codes} (the owners' QR listings) up to date from the QrCode journal,
 * exactly once: the row changes and the offset commit in one transaction. One instance per tag.
 */
public final class QrListingProjection {

  public static final String NAME = "qr-listing";

  private QrListingProjection() {}

  public static void init(ActorSystem<?> system, DataSource dataSource, EventTags tags) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            tags.count(),
            index -> ProjectionBehavior.create(create(system, dataSource, tags.all().get(index))),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  static ExactlyOnceProjection<Offset, EventEnvelope<QrCode.Event>> create(
      ActorSystem<?> system, DataSource dataSource, String tag) {
    SourceProvider<Offset, EventEnvelope<QrCode.Event>> events =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.exactlyOnce(
        ProjectionId.of(NAME, tag),
        events,
        () -> new PlainJdbcSession(dataSource),
        QrListingHandler::new,
        system);
  }
}
