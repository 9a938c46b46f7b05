package io.qrflow.edge.qr.dto;

import io.qrflow.qr.QrFields;
import io.qrflow.qr.QrStyle;
import io.qrflow.qr.TargetUrl;
import java.util.ArrayList;
import java.util.List;

/**
 * Body of {@code PATCH /api/v1/qr/{code}}: the fields to change. {@code status} is "active" or
 * "paused"; archiving is {@code DELETE}. {@code style} fields that are absent keep their value (the
 * entity checks the contrast of the merged style).
 */
public record UpdateQrRequest(
    String target, String title, List<String> tags, String status, QrStyle style) {

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (target == null && title == null && tags == null && status == null && style == null) {
      problems.add("nothing to change: send at least one of target, title, tags, status, style");
    }
    if (target != null) TargetUrl.problemWith(target).ifPresent(problems::add);
    QrFields.problemWithTitle(title).ifPresent(problems::add);
    QrFields.problemWithTags(tags).ifPresent(problems::add);
    if (style != null) style.problemWithFields().ifPresent(problems::add);
    if (status != null && !status.equals("active") && !status.equals("paused")) {
      problems.add("status must be 'active' or 'paused' (archive with DELETE)");
    }
    return problems;
  }

  /** True to pause, false to resume, null to leave as is. */
  public Boolean paused() {
    return status == null ? null : status.equals("paused");
  }
}
