package io.qrflow.projections.webhooks;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP (or HTTPS) receiver on 127.0.0.1: answers each delivery id with 500 for its first
 * {@code failFirst} requests, then 200 (or always 503 while {@code down}); records every request.
 */
final class WebhookReceiver implements AutoCloseable {

  record Request(String path, String event, String delivery, String timestamp, String signature,
      String body, int answered, long atMillis) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final HttpServer server;
  volatile int failFirst;
  volatile boolean down;

  private final String scheme;

  WebhookReceiver(int failFirst) throws IOException {
    this(failFirst, null);
  }

  /** With a TLS context: an HTTPS receiver presenting that context's certificate. */
  WebhookReceiver(int failFirst, SSLContext tls) throws IOException {
    this.failFirst = failFirst;
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
      scheme = "https";
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var headers = exchange.getRequestHeaders();
      String delivery = headers.getFirst("X-Qrflow-Delivery");
      int count = seen.computeIfAbsent(String.valueOf(delivery), d -> new AtomicInteger()).incrementAndGet();
      int status = down ? 503 : count <= failFirst ? 500 : 200;
      requests.add(new Request(exchange.getRequestURI().getPath(), headers.getFirst("X-Qrflow-Event"),
          delivery, headers.getFirst("X-Qrflow-Timestamp"), headers.getFirst("X-Qrflow-Signature"),
          body, status, System.currentTimeMillis()));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url(String path) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> forDelivery(String delivery) {
    return requests.stream().filter(r -> delivery.equals(r.delivery())).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
