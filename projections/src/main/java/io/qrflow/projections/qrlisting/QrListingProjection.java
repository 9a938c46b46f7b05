package io.qrflow.projections.qrlisting;

import io.qrflow.common.EventTags;
import io.qrflow.projections.jdbc.TaggedProjections;
import io.qrflow.qr.QrCode;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Keeps {@code qr_service.qr_codes} (the owners' QR listings) up to date from the QrCode journal,
 * exactly once: the row changes and the offset commit in one transaction. One instance per tag.
 */
public final class QrListingProjection {

  public static final String NAME = "qr-listing";

  private QrListingProjection() {}

  public static void init(ActorSystem<?> system, DataSource dataSource, EventTags tags) {
    TaggedProjections.<QrCode.Event>init(system, NAME, tags, dataSource, QrListingHandler::new);
  }
}
