package io.qrflow.edge.qr.dto;

import io.qrflow.qr.QrCode;
import java.time.Instant;

/** Scan counts of one code; {@code totalScans} includes scans not yet written to the journal. */
public record StatsResponse(
    String code, long totalScans, long persistedScans, long pendingScans, Instant lastScanAt) {

  public static StatsResponse of(QrCode.Stats s) {
    return new StatsResponse(s.code(), s.totalScans(), s.persistedScans(), s.pendingScans(), s.lastScanAt());
  }
}
