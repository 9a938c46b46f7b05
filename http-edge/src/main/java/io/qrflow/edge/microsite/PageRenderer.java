package io.qrflow.edge.microsite;

import static io.qrflow.edge.microsite.Html.escape;

import io.qrflow.microsite.Block;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Theme;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Server-side rendering of a microsite: mobile-first HTML without any script, and a stylesheet
 * served from our own origin (the page's CSP allows no inline style or script). Every owner text
 * is escaped; markdown goes through {@link Markdown}. Links go through {@code /m/{slug}/go/{n}}
 * so clicks are counted.
 */
final class PageRenderer {

  private static final Map<String, String> FONTS = Map.of(
      "system", "system-ui,-apple-system,'Segoe UI',Roboto,sans-serif",
      "serif", "Georgia,'Times New Roman',serif",
      "mono", "ui-monospace,Menlo,Consolas,monospace",
      "rounded", "ui-rounded,'Nunito',system-ui,sans-serif");

  private static final String BASE_CSS = """
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--text);font-family:var(--font);line-height:1.5}
      main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem 3rem}
      header{margin-bottom:1.5rem}
      h1{font-size:1.9rem;margin:.2rem 0}
      .tagline{opacity:.8;margin:0}
      .block{margin:1rem 0}
      .button{display:block;padding:.9rem 1rem;border-radius:.6rem;background:var(--primary);
        color:var(--bg);text-align:center;text-decoration:none;font-weight:600}
      img{max-width:100%;height:auto;border-radius:.4rem}
      a{color:var(--primary)}
      .card{border:1px solid color-mix(in srgb,var(--text) 20%,transparent);border-radius:.6rem;padding:1rem}
      .card p{margin:.2rem 0}
      .social{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
      .social a{display:inline-block;padding:.4rem .8rem;border:1px solid var(--primary);border-radius:1rem;text-decoration:none}
      .qr{text-align:center}
      .qr img{width:12rem}
      footer{margin-top:2rem;font-size:.8rem;opacity:.6;text-align:center}
      body.layout-centered header,body.layout-centered .heading{text-align:center}
      body.layout-cards .block{background:color-mix(in srgb,var(--text) 5%,var(--bg));padding:1rem;border-radius:.8rem}
      body.layout-list .block{border-bottom:1px solid color-mix(in srgb,var(--text) 15%,transparent);padding-bottom:1rem}
      """;

  private PageRenderer() {}

  static RenderedPage render(Microsite.Page page) {
    String base = "/m/" + page.slug();
    List<String> links = new ArrayList<>();
    String html = html(page, base + "/style.css?v=" + page.version(), base, links, "");
    return new RenderedPage(page, html.getBytes(StandardCharsets.UTF_8),
        css(page.theme()).getBytes(StandardCharsets.UTF_8), List.copyOf(links));
  }

  /**
   * The page as {@link #render} would write it, for the owner's preview of unsaved content: the
   * stylesheet from {@code stylesheet}, links straight to their targets (nothing is counted), and
   * the page's CSP repeated in a meta element, since the preview is shown from a string (an
   * iframe's srcdoc) rather than with our response headers.
   */
  static String preview(Microsite.Page page, String stylesheet) {
    String csp = "<meta http-equiv=\"Content-Security-Policy\" content=\""
        + escape(MicrositePageHandler.CSP.replace("; frame-ancestors 'none'", "")) + "\">";
    return html(page, stylesheet, null, new ArrayList<>(), csp);
  }

  /** @param base the page's path for counted links and vCards, or null for a preview */
  private static String html(Microsite.Page page, String stylesheet, String base,
      List<String> links, String headExtra) {
    StringBuilder html = new StringBuilder(4096);
    Theme theme = page.theme();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">").append(headExtra)
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>").append(escape(page.title())).append("</title>");
    if (page.tagline() != null) {
      html.append("<meta name=\"description\" content=\"").append(escape(page.tagline())).append("\">");
    }
    html.append("<link rel=\"stylesheet\" href=\"").append(escape(stylesheet))
        .append("\"></head><body class=\"layout-")
        .append(escape(theme.layout())).append("\"><main><header><h1>")
        .append(escape(page.title())).append("</h1>");
    if (page.tagline() != null && !page.tagline().isBlank()) {
      html.append("<p class=\"tagline\">").append(escape(page.tagline())).append("</p>");
    }
    html.append("</header>");
    for (int i = 0; i < page.blocks().size(); i++) {
      html.append("<section class=\"block\">");
      block(html, page.blocks().get(i), i, base, links);
      html.append("</section>");
    }
    html.append("<footer>Made with qrflow</footer></main></body></html>");
    return html.toString();
  }

  private static void block(StringBuilder html, Block block, int index, String base, List<String> links) {
    if (block instanceof Block.Heading h) {
      int level = h.level() + 1; // the page title is the only h1
      html.append("<h").append(level).append(" class=\"heading\">").append(escape(h.text()))
          .append("</h").append(level).append('>');
    } else if (block instanceof Block.Markdown m) {
      html.append("<div class=\"md\">").append(Markdown.toSafeHtml(m.text())).append("</div>");
    } else if (block instanceof Block.Link l) {
      html.append("<a class=\"button\" rel=\"nofollow noopener\" href=\"")
          .append(tracked(base, l.url(), links)).append("\">").append(escape(l.label())).append("</a>");
    } else if (block instanceof Block.Image img) {
      html.append("<img loading=\"lazy\" src=\"").append(escape(img.url())).append("\" alt=\"")
          .append(escape(img.alt())).append("\">");
    } else if (block instanceof Block.Contact c) {
      contact(html, c, index, base, links);
    } else if (block instanceof Block.Social s) {
      html.append("<ul class=\"social\">");
      for (Block.SocialLink link : s.links()) {
        html.append("<li><a rel=\"nofollow noopener\" href=\"").append(tracked(base, link.url(), links))
            .append("\">").append(escape(link.network())).append("</a></li>");
      }
      html.append("</ul>");
    } else if (block instanceof Block.QrEmbed q) {
      html.append("<figure class=\"qr\"><img src=\"/q/").append(escape(q.code()))
          .append(".png\" alt=\"QR code ").append(escape(q.code())).append("\">");
      if (q.caption() != null) html.append("<figcaption>").append(escape(q.caption())).append("</figcaption>");
      html.append("</figure>");
    }
  }

  private static void contact(StringBuilder html, Block.Contact c, int index, String base, List<String> links) {
    html.append("<div class=\"card\"><p><strong>").append(escape(c.name())).append("</strong></p>");
    if (c.jobTitle() != null || c.organization() != null) {
      html.append("<p>").append(escape(joined(c.jobTitle(), c.organization()))).append("</p>");
    }
    if (c.phone() != null) {
      html.append("<p><a href=\"tel:").append(escape(c.phone().replaceAll("[^+0-9]", "")))
          .append("\">").append(escape(c.phone())).append("</a></p>");
    }
    if (c.email() != null) {
      html.append("<p><a href=\"mailto:").append(escape(c.email())).append("\">")
          .append(escape(c.email())).append("</a></p>");
    }
    if (c.website() != null) {
      html.append("<p><a rel=\"nofollow noopener\" href=\"").append(tracked(base, c.website(), links))
          .append("\">").append(escape(c.website())).append("</a></p>");
    }
    if (c.address() != null) html.append("<p>").append(escape(c.address())).append("</p>");
    if (base == null) { // a preview: the vCard exists once the page is published
      html.append("<p><span class=\"button\">Save contact</span></p></div>");
      return;
    }
    html.append("<p><a class=\"button\" href=\"").append(base).append("/contact/").append(index)
        .append(".vcf\">Save contact</a></p></div>");
  }

  /** A counted link: the target is kept by index, the page links to the counting redirect. */
  private static String tracked(String base, String url, List<String> links) {
    if (base == null) return escape(url);
    links.add(url);
    return base + "/go/" + (links.size() - 1);
  }

  private static String joined(String a, String b) {
    if (a == null) return b;
    if (b == null) return a;
    return a + ", " + b;
  }

  /** Theme values are validated (#rrggbb, fonts and layouts from fixed lists) before they get here. */
  static String css(Theme theme) {
    return ":root{--primary:" + theme.primaryColor() + ";--bg:" + theme.backgroundColor()
        + ";--text:" + theme.textColor() + ";--font:" + FONTS.getOrDefault(theme.font(), FONTS.get("system"))
        + "}\n" + BASE_CSS;
  }
}
