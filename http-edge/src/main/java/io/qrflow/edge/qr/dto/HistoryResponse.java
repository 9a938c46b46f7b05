package io.qrflow.edge.qr.dto;

import io.qrflow.qr.QrCode;
import java.time.Instant;
import java.util.List;

/** Every target the code has had, oldest first; the first entry has no {@code from}. */
public record HistoryResponse(String code, List<Change> changes) {

  public record Change(Instant at, String from, String to) {}

  public static HistoryResponse of(QrCode.History h) {
    return new HistoryResponse(h.code(),
        h.changes().stream().map(c -> new Change(c.at(), c.from(), c.to())).toList());
  }
}
