package io.qrflow.edge.notifications;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.http.Problems;
import io.qrflow.projections.email.EmailTemplates;
import io.qrflow.projections.email.NotificationStore;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /dev/mailbox}: the mails the node sent, newest first, as one server-rendered page.
 * Mounted only in dev mode (the embedded SMTP server): it shows every user's mail.
 */
public final class DevMailboxRoutes {

  private static final int SHOWN = 100;

  private final NotificationStore store;
  private final Executor blocking;

  public DevMailboxRoutes(NotificationStore store, Executor blocking) {
    this.store = store;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix("dev", () -> path("mailbox", () -> get(() ->
        onComplete(CompletableFuture.supplyAsync(() -> {
          try {
            return store.sent(SHOWN);
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        }, blocking), done -> complete(done.isSuccess() ? page(done.get())
            : Problems.forFailure(done.failed().get()))))));
  }

  private static HttpResponse page(List<NotificationStore.SentMail> mails) {
    StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>qrflow dev mailbox</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;"
        + "margin:2rem auto;padding:0 1rem}article{border:1px solid #ddd;border-radius:6px;padding:1rem;"
        + "margin:1rem 0}pre{white-space:pre-wrap}small{color:#666}</style></head><body>"
        + "<h1>Dev mailbox</h1><p>Mails sent through the embedded SMTP server (dev mode only), newest first.</p>");
    if (mails.isEmpty()) html.append("<p>No mail sent yet.</p>");
    for (var mail : mails) {
      html.append("<article><h2>").append(escape(mail.subject())).append("</h2><small>to ")
          .append(escape(mail.recipient())).append(" · ").append(escape(mail.kind())).append(" · ")
          .append(mail.sentAt()).append("</small><pre>").append(escape(mail.text())).append("</pre></article>");
    }
    html.append("</body></html>");
    return HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html.toString().getBytes(StandardCharsets.UTF_8)))
        .addHeader(RawHeader.create("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"))
        .addHeader(RawHeader.create("Cache-Control", "no-store"));
  }

  private static String escape(String text) {
    return text == null ? "" : EmailTemplates.escape(text);
  }
}
