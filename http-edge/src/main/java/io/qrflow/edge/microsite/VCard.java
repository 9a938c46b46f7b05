package io.qrflow.edge.microsite;

import io.qrflow.microsite.Block;
import java.util.ArrayList;
import java.util.List;

/** A contact block as a vCard 4.0 (RFC 6350) for "save contact". */
final class VCard {

  private VCard() {}

  static String of(Block.Contact c) {
    List<String> lines = new ArrayList<>();
    lines.add("BEGIN:VCARD");
    lines.add("VERSION:4.0");
    lines.add("FN:" + value(c.name()));
    if (c.organization() != null) lines.add("ORG:" + value(c.organization()));
    if (c.jobTitle() != null) lines.add("TITLE:" + value(c.jobTitle()));
    if (c.phone() != null) lines.add("TEL;VALUE=uri:tel:" + c.phone().replaceAll("[^+0-9]", ""));
    if (c.email() != null) lines.add("EMAIL:" + value(c.email()));
    if (c.website() != null) lines.add("URL:" + c.website());
    if (c.address() != null) lines.add("ADR:;;" + value(c.address()) + ";;;;");
    lines.add("END:VCARD");
    return String.join("\r\n", lines) + "\r\n";
  }

  /** RFC 6350 text escaping: backslash, comma, semicolon and line breaks. */
  private static String value(String text) {
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
  }
}
