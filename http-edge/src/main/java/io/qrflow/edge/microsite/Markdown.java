package io.qrflow.edge.microsite;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Owner-written markdown to safe HTML, in two independent layers: CommonMark renders with raw
 * HTML escaped and unsafe link schemes dropped, then the OWASP sanitizer keeps only formatting,
 * blocks, tables, http(s)/mailto links and http(s) images. No script, style, event handler or
 * {@code javascript:} URL survives either layer.
 */
final class Markdown {

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private static final PolicyFactory POLICY = Sanitizers.FORMATTING
      .and(Sanitizers.BLOCKS)
      .and(Sanitizers.LINKS)
      .and(Sanitizers.TABLES)
      .and(Sanitizers.IMAGES)
      .and(new HtmlPolicyBuilder().allowElements("pre", "hr").toFactory());

  private Markdown() {}

  static String toSafeHtml(String markdown) {
    return sanitize(RENDERER.render(PARSER.parse(markdown)));
  }

  /** The sanitizer alone, for HTML that did not come from the renderer. */
  static String sanitize(String html) {
    return POLICY.sanitize(html);
  }
}
