package io.qrflow.projections.micrositelisting;

import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Visit;
import io.qrflow.projections.jdbc.PlainJdbcSession;
import io.qrflow.projections.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/** Applies one Microsite event to its listing row, inside the projection's transaction. */
final class MicrositeListingHandler
    extends JdbcHandler<EventEnvelope<Microsite.Event>, PlainJdbcSession> {

  private static final String TABLE = "microsite_service.microsites";

  @Override
  public void process(PlainJdbcSession session, EventEnvelope<Microsite.Event> envelope)
      throws Exception {
    session.withConnection(connection -> {
      apply(connection, envelope.event());
      return null;
    });
  }

  static void apply(Connection c, Microsite.Event event) throws SQLException {
    if (event instanceof Microsite.MicrositeCreated e) {
      // A slug deleted and created again starts a fresh row.
      Sql.update(c, "INSERT INTO " + TABLE + "(slug, owner_id, title, tagline, version, block_count,"
              + " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (slug) DO UPDATE"
              + " SET owner_id = EXCLUDED.owner_id, title = EXCLUDED.title, tagline = EXCLUDED.tagline,"
              + " published = false, version = 1, block_count = EXCLUDED.block_count,"
              + " generation_status = 'NONE', views = 0, clicks = 0,"
              + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at",
          e.slug(), UUID.fromString(e.ownerId()), e.title(), e.tagline(), e.blocks().size(),
          ts(e), ts(e));
    } else if (event instanceof Microsite.ContentChanged e) {
      String generation = Microsite.GENERATED.equals(e.change()) ? "NONE" : null;
      Sql.update(c, "UPDATE " + TABLE + " SET title = ?, tagline = ?, version = ?, block_count = ?,"
              + " generation_status = COALESCE(?, generation_status), updated_at = ? WHERE slug = ?",
          e.title(), e.tagline(), e.version(), e.blocks().size(), generation,
          Timestamp.from(e.at()), e.slug());
    } else if (event instanceof Microsite.MicrositePublished e) {
      setPublished(c, e.slug(), true, Timestamp.from(e.at()));
    } else if (event instanceof Microsite.MicrositeUnpublished e) {
      setPublished(c, e.slug(), false, Timestamp.from(e.at()));
    } else if (event instanceof Microsite.MicrositeDeleted e) {
      Sql.update(c, "DELETE FROM " + TABLE + " WHERE slug = ?", e.slug());
    } else if (event instanceof Microsite.GenerationRequested e) {
      setGeneration(c, e.slug(), Microsite.GenerationStatus.PENDING);
    } else if (event instanceof Microsite.GenerationCompleted e) {
      setGeneration(c, e.slug(),
          e.ok() ? Microsite.GenerationStatus.READY : Microsite.GenerationStatus.FAILED);
    } else if (event instanceof Microsite.DraftDiscarded e) {
      setGeneration(c, e.slug(), Microsite.GenerationStatus.NONE);
    } else if (event instanceof Microsite.VisitsRecorded e) {
      long clicks = e.visits().stream().filter(v -> Visit.CLICK.equals(v.kind())).count();
      Sql.update(c, "UPDATE " + TABLE + " SET views = views + ?, clicks = clicks + ? WHERE slug = ?",
          e.visits().size() - clicks, clicks, e.slug());
    }
    // no other event changes the listing
  }

  private static void setPublished(Connection c, String slug, boolean published, Timestamp at)
      throws SQLException {
    Sql.update(c, "UPDATE " + TABLE + " SET published = ?, updated_at = ? WHERE slug = ?",
        published, at, slug);
  }

  private static void setGeneration(Connection c, String slug, Microsite.GenerationStatus status)
      throws SQLException {
    Sql.update(c, "UPDATE " + TABLE + " SET generation_status = ? WHERE slug = ?", status.name(), slug);
  }

  private static Timestamp ts(Microsite.MicrositeCreated e) {
    return Timestamp.from(e.at());
  }
}
