package io.qrflow.projections.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The insights.alert message of a recorded workflow firing. Key = owner id; event id =
 * {@code insights.alert:<alertId>}, where the alert id is derived from the firing key, so a
 * re-sent firing is the same message.
 */
public final class InsightsContracts {

  private InsightsContracts() {}

  public static OutgoingMessage alert(UUID alertId, String ownerId, UUID workflowId, String kind,
      String title, String detail, String code, Instant firedAt, List<String> actions,
      UUID webhookEndpointId) {
    var payload = new Payloads.InsightsAlert(alertId.toString(), ownerId,
        workflowId == null ? null : workflowId.toString(), kind, title, detail, code, firedAt,
        List.copyOf(actions), webhookEndpointId == null ? null : webhookEndpointId.toString());
    return QrCodeContracts.message(Topics.INSIGHTS_ALERT, Topics.INSIGHTS_ALERT + ":" + alertId,
        firedAt, ownerId, payload);
  }
}
