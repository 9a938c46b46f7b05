package io.qrflow.edge.qr.dto;

import io.qrflow.projections.qrlisting.QrListing;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.QrStyle;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A QR code as the API shows it; {@code style} only for a single code (not in list pages). */
public record QrResponse(
    String code,
    String shortUrl,
    String imageUrl,
    String target,
    String title,
    List<String> tags,
    String status,
    long totalScans,
    Instant createdAt,
    Instant updatedAt,
    QrStyle style) {

  public static QrResponse of(QrCode.Summary s, String publicBaseUrl) {
    return new QrResponse(s.code(), publicBaseUrl + "/r/" + s.code(),
        publicBaseUrl + "/q/" + s.code() + ".png", s.target(), s.title(), s.tags(),
        s.status().name().toLowerCase(Locale.ROOT), s.totalScans(), s.createdAt(), s.updatedAt(), s.style());
  }

  public static QrResponse of(QrListing.Row r, String publicBaseUrl) {
    return new QrResponse(r.code(), publicBaseUrl + "/r/" + r.code(),
        publicBaseUrl + "/q/" + r.code() + ".png", r.target(), r.title(), r.tags(),
        r.status().toLowerCase(Locale.ROOT), r.totalScans(), r.createdAt(), r.updatedAt(), null);
  }
}
