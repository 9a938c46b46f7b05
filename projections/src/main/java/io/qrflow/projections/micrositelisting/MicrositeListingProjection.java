package io.qrflow.projections.micrositelisting;

import io.qrflow.common.EventTags;
import io.qrflow.microsite.Microsite;
import io.qrflow.projections.jdbc.TaggedProjections;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Keeps {@code microsite_service.microsites} (the owners' microsite listings) up to date from the
 * Microsite journal, exactly once. One instance per tag.
 */
public final class MicrositeListingProjection {

  public static final String NAME = "microsite-listing";

  private MicrositeListingProjection() {}

  public static void init(ActorSystem<?> system, DataSource dataSource, EventTags tags) {
    TaggedProjections.<Microsite.Event>init(system, NAME, tags, dataSource, MicrositeListingHandler::new);
  }
}
