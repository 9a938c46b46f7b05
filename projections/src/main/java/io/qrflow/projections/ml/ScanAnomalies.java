package io.qrflow.projections.ml;

import static io.qrflow.projections.consume.PayloadFields.instant;
import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.MlContracts;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.jdbc.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Scan anomaly detection in the ml consumer: each qr.scanned updates its code's {@link
 * AnomalyModel} state, stored in {@code workflow_db.ml_scan_models} in the consumer's
 * transaction (so the model survives restarts and a redelivered scan is never counted twice);
 * alerts go to {@code ml.anomaly.detected} before that transaction commits.
 */
final class ScanAnomalies {

  private final AnomalyModel model;
  private final MlProducer producer;

  ScanAnomalies(AnomalyModel model, MlProducer producer) {
    this.model = model;
    this.producer = producer;
  }

  void apply(Connection c, JsonNode payload) throws SQLException, PoisonMessage {
    String code = text(payload, "code");
    UUID owner = uuid(payload, "ownerId");
    var at = instant(payload, "scannedAt").toInstant();
    AnomalyModel.State state = load(c, code);
    for (AnomalyModel.Alert alert : model.observe(state, at, text(payload, "visitorId"))) {
      producer.sendAndWait(MlContracts.anomaly(new Payloads.AnomalyDetected(code, owner.toString(),
          alert.kind(), alert.score(), alert.expected(), alert.observed(), alert.windowStart(),
          alert.windowEnd(), alert.evidence())));
    }
    Sql.update(c, "INSERT INTO workflow_db.ml_scan_models(code, owner_id, state, updated_at)"
            + " VALUES (?, ?, ?::jsonb, now()) ON CONFLICT (code) DO UPDATE SET state = EXCLUDED.state,"
            + " updated_at = now()",
        code, owner, json(state));
  }

  private static AnomalyModel.State load(Connection c, String code) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT state FROM workflow_db.ml_scan_models WHERE code = ? FOR UPDATE")) {
      s.setString(1, code);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return new AnomalyModel.State();
        return ContractJson.MAPPER.readValue(rs.getString(1), AnomalyModel.State.class);
      }
    } catch (IOException e) {
      throw new IllegalStateException("stored model of " + code + " is unreadable", e);
    }
  }

  private static String json(AnomalyModel.State state) {
    try {
      return ContractJson.MAPPER.writeValueAsString(state);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
