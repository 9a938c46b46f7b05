package io.qrflow.projections.ml;

import static io.qrflow.projections.consume.PayloadFields.instant;
import static io.qrflow.projections.consume.PayloadFields.text;
import static io.qrflow.projections.consume.PayloadFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.PoisonMessage;
import io.qrflow.projections.contracts.MlContracts;
import io.qrflow.projections.contracts.Payloads;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scan anomaly detection in the ml consumer: each qr.scanned updates its code's {@link
 * AnomalyModel} state, stored in {@code workflow_db.ml_scan_models} in the consumer's
 * transaction (so the model survives restarts and a redelivered scan is never counted twice);
 * alerts go to {@code ml.anomaly.detected} before that transaction commits. A batch loads and
 * saves each code's state once and observes the code's scans in their partition order, so it
 * ends in the same states and raises the same alerts as its scans one by one.
 */
final class ScanAnomalies {

  /** The fields of a qr.scanned the model needs. */
  record Scan(String code, UUID owner, Instant at, String visitorId) {
    static Scan of(JsonNode payload) throws PoisonMessage {
      return new Scan(text(payload, "code"), uuid(payload, "ownerId"),
          instant(payload, "scannedAt").toInstant(), text(payload, "visitorId"));
    }
  }

  private final AnomalyModel model;
  private final MlProducer producer;

  ScanAnomalies(AnomalyModel model, MlProducer producer) {
    this.model = model;
    this.producer = producer;
  }

  void applyAll(Connection c, List<Scan> scans) throws SQLException {
    Map<String, List<Scan>> byCode = new LinkedHashMap<>();
    for (Scan scan : scans) byCode.computeIfAbsent(scan.code(), code -> new ArrayList<>()).add(scan);
    Map<String, AnomalyModel.State> stored = ScanModels.lock(c, byCode.keySet());
    List<ScanModels.Model> updated = new ArrayList<>();
    for (List<Scan> ofCode : byCode.values()) {
      Scan first = ofCode.get(0);
      AnomalyModel.State state = stored.getOrDefault(first.code(), new AnomalyModel.State());
      for (Scan scan : ofCode) {
        for (AnomalyModel.Alert alert : model.observe(state, scan.at(), scan.visitorId())) {
          producer.sendAndWait(MlContracts.anomaly(new Payloads.AnomalyDetected(scan.code(),
              scan.owner().toString(), alert.kind(), alert.score(), alert.expected(),
              alert.observed(), alert.windowStart(), alert.windowEnd(), alert.evidence())));
        }
      }
      updated.add(new ScanModels.Model(first.code(), first.owner(), state));
    }
    ScanModels.save(c, updated);
  }
}
