package io.qrflow.projections.qrlisting;

import io.qrflow.projections.jdbc.PlainJdbcSession;
import io.qrflow.projections.jdbc.Sql;
import io.qrflow.qr.QrCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/** Applies one QrCode event to its listing row, inside the projection's transaction. */
final class QrListingHandler extends JdbcHandler<EventEnvelope<QrCode.Event>, PlainJdbcSession> {

  @Override
  public void process(PlainJdbcSession session, EventEnvelope<QrCode.Event> envelope)
      throws Exception {
    session.withConnection(connection -> {
      apply(connection, envelope.event());
      return null;
    });
  }

  static void apply(Connection c, QrCode.Event event) throws SQLException {
    if (event instanceof QrCode.QrCodeCreated e) {
      // Redelivery after a crash replays the event in a new transaction: do nothing twice.
      Sql.update(c, "INSERT INTO qr_service.qr_codes(code, owner_id, target, title, tags, status,"
              + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)"
              + " ON CONFLICT (code) DO NOTHING",
          e.code(), UUID.fromString(e.ownerId()), e.target(), e.title(), tags(c, e.tags()),
          ts(e.at()), ts(e.at()));
    } else if (event instanceof QrCode.TargetChanged e) {
      Sql.update(c, "UPDATE qr_service.qr_codes SET target = ?, updated_at = ? WHERE code = ?",
          e.newTarget(), ts(e.at()), e.code());
    } else if (event instanceof QrCode.DetailsChanged e) {
      Sql.update(c, "UPDATE qr_service.qr_codes SET title = ?, tags = ?, updated_at = ? WHERE code = ?",
          e.title(), tags(c, e.tags()), ts(e.at()), e.code());
    } else if (event instanceof QrCode.QrCodePaused e) {
      setStatus(c, e.code(), QrCode.Status.PAUSED, e.at());
    } else if (event instanceof QrCode.QrCodeResumed e) {
      setStatus(c, e.code(), QrCode.Status.ACTIVE, e.at());
    } else if (event instanceof QrCode.QrCodeArchived e) {
      setStatus(c, e.code(), QrCode.Status.ARCHIVED, e.at());
    } else if (event instanceof QrCode.ScansRecorded e && !e.scans().isEmpty()) {
      Sql.update(c, "UPDATE qr_service.qr_codes SET total_scans = total_scans + ?, last_scan_at ="
              + " GREATEST(last_scan_at, ?) WHERE code = ?",
          e.scans().size(), ts(e.scans().get(e.scans().size() - 1).at()), e.code());
    }
    // other events (empty batches) change nothing in the listing
  }

  private static void setStatus(Connection c, String code, QrCode.Status status, Instant at)
      throws SQLException {
    Sql.update(c, "UPDATE qr_service.qr_codes SET status = ?, updated_at = ? WHERE code = ?",
        status.name(), ts(at), code);
  }

  private static java.sql.Array tags(Connection c, List<String> tags) throws SQLException {
    return c.createArrayOf("text", tags.toArray());
  }

  private static Timestamp ts(Instant at) {
    return Timestamp.from(at);
  }
}
