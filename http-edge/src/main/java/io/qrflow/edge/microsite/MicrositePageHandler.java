package io.qrflow.edge.microsite;

import io.qrflow.edge.http.Problems;
import io.qrflow.microsite.Block;
import io.qrflow.microsite.Slug;
import io.qrflow.qr.TargetUrl;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.function.Function;

/**
 * The public microsite pages, in front of the routing tree like the scan path: {@code GET
 * /m/{slug}} (the page; a view is counted), {@code /m/{slug}/style.css}, {@code /m/{slug}/go/{n}}
 * (a counted click, 302 to the n-th link) and {@code /m/{slug}/contact/{n}.vcf} (the vCard of the
 * n-th block); HEAD answers the same and counts nothing. Unknown, deleted and unpublished sites
 * get a 404 page. Every HTML answer carries a CSP that allows no script at all and styles only
 * from our origin.
 */
public final class MicrositePageHandler implements Function<HttpRequest, CompletionStage<HttpResponse>> {

  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' https: http:;"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String PREFIX = "/m/";
  private static final long serialVersionUID = 1L;
  private static final ContentType VCARD = ContentTypes.parse("text/vcard; charset=UTF-8");
  private static final List<HttpHeader> HTML_HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", CSP),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "strict-origin-when-cross-origin"),
      RawHeader.create("Cache-Control", "no-cache"));
  private static final HttpResponse NOT_FOUND = HttpResponse.create()
      .withStatus(StatusCodes.NOT_FOUND)
      .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, ("<!doctype html><html lang=\"en\">"
          + "<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
          + "initial-scale=1\"><title>Page not found</title></head><body><h1>Page not found</h1>"
          + "<p>This page does not exist or is not published.</p></body></html>")
          .getBytes(StandardCharsets.UTF_8)))
      .addHeaders(HTML_HEADERS);

  private final transient PageCache pages;
  private final transient VisitRecorder visits;
  private final transient Function<HttpRequest, CompletionStage<HttpResponse>> next;

  MicrositePageHandler(PageCache pages, VisitRecorder visits,
      Function<HttpRequest, CompletionStage<HttpResponse>> next) {
    this.pages = pages;
    this.visits = visits;
    this.next = next;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    String path = request.getUri().path();
    boolean head = request.method() == HttpMethods.HEAD;
    if (!path.startsWith(PREFIX) || (request.method() != HttpMethods.GET && !head)) {
      return next.apply(request);
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    if (!Slug.isWellFormed(parts[0]) || parts.length > 3) return done(NOT_FOUND);
    return pages.get(parts[0]).handle((page, failure) -> {
      if (failure != null) return Problems.forFailure(failure);
      if (!page.page().found()) return NOT_FOUND;
      return answer(page, parts, request, !head);
    });
  }

  /** @param counted false for HEAD requests: nobody saw a page or followed a link */
  private HttpResponse answer(RenderedPage page, String[] parts, HttpRequest request, boolean counted) {
    String slug = page.page().slug();
    if (parts.length == 1) {
      if (counted) visits.view(slug, request);
      return HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, page.html()))
          .addHeaders(HTML_HEADERS);
    }
    if (parts.length == 2 && parts[1].equals("style.css")) {
      return HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_CSS, HttpCharsets.UTF_8), page.css()))
          .addHeader(RawHeader.create("Cache-Control", "public, max-age=300"))
          .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"));
    }
    if (parts.length == 3 && parts[1].equals("go")) {
      int n = index(parts[2], page.links().size());
      if (n < 0) return NOT_FOUND;
      String target = page.links().get(n);
      if (counted) visits.click(slug, target, request);
      return HttpResponse.create().withStatus(StatusCodes.FOUND)
          .addHeader(RawHeader.create("Location", TargetUrl.toAscii(target)))
          .addHeader(RawHeader.create("Cache-Control", "no-store"));
    }
    if (parts.length == 3 && parts[1].equals("contact") && parts[2].endsWith(".vcf")) {
      List<Block> blocks = page.page().blocks();
      int n = index(parts[2].substring(0, parts[2].length() - ".vcf".length()), blocks.size());
      if (n < 0 || !(blocks.get(n) instanceof Block.Contact contact)) return NOT_FOUND;
      return HttpResponse.create()
          .withEntity(HttpEntities.create(VCARD, VCard.of(contact).getBytes(StandardCharsets.UTF_8)))
          .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + slug + ".vcf\""))
          .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"));
    }
    return NOT_FOUND;
  }

  /** The index {@code text} names, or -1 unless it is a plain number below {@code size}. */
  private static int index(String text, int size) {
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) return -1;
    int n = Integer.parseInt(text);
    return n < size ? n : -1;
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
