package io.qrflow.edge.qr.dto;

import io.qrflow.qr.QrFields;
import io.qrflow.qr.QrStyle;
import io.qrflow.qr.ShortCode;
import io.qrflow.qr.TargetUrl;
import java.util.ArrayList;
import java.util.List;

/**
 * Body of {@code POST /api/v1/qr}; {@code code} is an optional custom alias, {@code style} the
 * optional image style (absent fields take the defaults).
 */
public record CreateQrRequest(
    String target, String code, String title, List<String> tags, QrStyle style) {

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    TargetUrl.problemWith(target).ifPresent(problems::add);
    if (code != null) {
      String aliasProblem = ShortCode.problemWithAlias(code);
      if (aliasProblem != null) problems.add(aliasProblem);
    }
    QrFields.problemWithTitle(title).ifPresent(problems::add);
    QrFields.problemWithTags(tags).ifPresent(problems::add);
    if (style != null) style.problem().ifPresent(problems::add);
    return problems;
  }
}
