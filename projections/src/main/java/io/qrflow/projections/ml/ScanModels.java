package io.qrflow.projections.ml;

import io.qrflow.projections.contracts.ContractJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The codes' {@link AnomalyModel} states in {@code workflow_db.ml_scan_models}, read locked and
 * written back in the consumer's transaction: one query to load a batch's codes, one batch of
 * upserts to save them.
 */
final class ScanModels {

  /** A code's state to store; the owner is written only with the code's first state. */
  record Model(String code, UUID owner, AnomalyModel.State state) {}

  private ScanModels() {}

  /** The stored states of {@code codes} (codes without one are absent), locked until commit. */
  static Map<String, AnomalyModel.State> lock(Connection c, Collection<String> codes)
      throws SQLException {
    Map<String, AnomalyModel.State> states = new HashMap<>();
    // Ordered, so transactions locking overlapping codes (a rebalance) wait rather than deadlock.
    try (PreparedStatement s = c.prepareStatement("SELECT code, state FROM workflow_db.ml_scan_models"
        + " WHERE code = ANY(?) ORDER BY code FOR UPDATE")) {
      s.setArray(1, c.createArrayOf("varchar", codes.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) states.put(rs.getString(1), read(rs.getString(1), rs.getString(2)));
      }
    }
    return states;
  }

  static void save(Connection c, List<Model> models) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO workflow_db.ml_scan_models(code,"
        + " owner_id, state, updated_at) VALUES (?, ?, ?::jsonb, now()) ON CONFLICT (code) DO UPDATE"
        + " SET state = EXCLUDED.state, updated_at = now()")) {
      for (Model m : models) {
        s.setString(1, m.code());
        s.setObject(2, m.owner());
        s.setString(3, json(m.state()));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static AnomalyModel.State read(String code, String json) {
    try {
      return ContractJson.MAPPER.readValue(json, AnomalyModel.State.class);
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
