package io.qrflow.edge.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Netty scan listener over real sockets, in front of a handler written here: what reaches the
 * handler, what is answered without it, answer order, bad requests and shutdown.
 */
class ScanListenerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MAX_CONNECTIONS = 3;
  private static final ScanListener.Settings SETTINGS = new ScanListener.Settings(true, "127.0.0.1",
      0, 1, MAX_CONNECTIONS, 4096, 8192, Duration.ofSeconds(60), Duration.ofMillis(100),
      Duration.ofSeconds(5));

  private ActorTestKit testKit;
  private ScanListener listener;
  private final List<HttpRequest> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse> slowAnswer = new CompletableFuture<>();
  private volatile CompletionStage<HttpResponse> failure;

  @BeforeEach
  void start() throws Exception {
    testKit = ActorTestKit.create();
    listener = ScanListener.start(testKit.system(), SETTINGS, this::handle)
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  /** Redirects /r/{code} to https://example.com/{code}; /r/slow waits for the test. */
  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    received.add(request);
    if (failure != null) return failure;
    String path = request.getUri().path();
    if (path.equals("/r/slow")) return slowAnswer;
    return CompletableFuture.completedFuture(redirect(path.substring("/r/".length())));
  }

  private static HttpResponse redirect(String code) {
    return HttpResponse.create().withStatus(StatusCodes.FOUND)
        .addHeader(RawHeader.create("Location", "https://example.com/" + code))
        .addHeader(CacheControl.create(CacheDirectives.NO_STORE));
  }

  @Test
  void aScanReachesTheHandlerAsPekkoHttpWouldHaveParsedIt() throws Exception {
    try (Client client = new Client(listener)) {
      client.send("GET /r/abc?utm=poster HTTP/1.1\r\nHost: qr.test\r\nUser-Agent: Phone/1.0\r\n"
          + "Accept-Language: de-CH,de;q=0.9\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n");
      Answer answer = client.read();
      assertEquals(302, answer.status());
      assertEquals("https://example.com/abc", answer.header("location"));
      assertEquals("no-store", answer.header("cache-control"));
      assertEquals("0", answer.header("content-length"));
      assertTrue(answer.header("date").endsWith(" GMT"), "an HTTP date: " + answer.header("date"));
    }
    HttpRequest request = received.get(0);
    assertEquals("/r/abc", request.getUri().path());
    assertEquals("utm=poster", request.getUri().rawQueryString().orElseThrow());
    assertEquals("Phone/1.0", header(request, "User-Agent"));
    assertEquals("de-CH,de;q=0.9", header(request, "Accept-Language"));
    assertEquals("203.0.113.9", header(request, "X-Forwarded-For"));
    assertEquals(InetAddress.getLoopbackAddress(), request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(address -> address.getAddress()).orElseThrow());
  }

  @Test
  void theHealthChecksGoToTheHandler() throws Exception {
    try (Client client = new Client(listener)) {
      client.send("GET /health/ready HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      client.read();
    }
    assertEquals("/health/ready", received.get(0).getUri().path());
  }

  @Test
  void otherPathsAndMethodsAreAnsweredWithoutTheHandler() throws Exception {
    try (Client client = new Client(listener)) {
      client.send("GET /api/v1/me HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      Answer notHere = assertProblem(404, client.read());
      assertTrue(notHere.body().contains("\"status\":404"), notHere.body());

      client.send("POST /r/abc HTTP/1.1\r\nHost: qr.test\r\nContent-Length: 2\r\n\r\n{}");
      Answer post = assertProblem(405, client.read());
      assertEquals("GET", post.header("allow"));

      client.send("HEAD /r/abc HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      assertEquals(405, client.readWithoutBody().status(), "an answer to HEAD has no body");
      client.send("GET /r/abc HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      assertEquals(302, client.read().status(), "the connection goes on after HEAD");
    }
    assertEquals(1, received.size(), "only the last GET reached the handler");
  }

  @Test
  void pipelinedAnswersKeepRequestOrderWhenTheFirstWaits() throws Exception {
    try (Client client = new Client(listener)) {
      client.send("GET /r/slow HTTP/1.1\r\nHost: qr.test\r\n\r\nGET /r/fast HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      // Both are decoded from one read; the fast one is ready first but must be written second.
      awaitReceived(2);
      slowAnswer.complete(redirect("slow-target"));
      assertEquals("https://example.com/slow-target", client.read().header("location"));
      assertEquals("https://example.com/fast", client.read().header("location"));
      client.send("GET /r/next HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      assertEquals("https://example.com/next", client.read().header("location"), "reads again");
    }
  }

  @Test
  void aFailedHandlerIsARetryableProblem() throws Exception {
    failure = CompletableFuture.failedFuture(new TimeoutException("entity did not answer"));
    try (Client client = new Client(listener)) {
      client.send("GET /r/abc HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      assertProblem(503, client.read());
    }
  }

  @Test
  void badRequestsGetAProblemAndTheConnectionCloses() throws Exception {
    try (Client client = new Client(listener)) {
      client.send("GET /r/abc HTTX/9.9\r\nHost: qr.test\r\n\r\n");
      assertProblem(400, client.read());
      assertTrue(client.closedByServer(), "the connection is closed after a bad request");
    }
    try (Client client = new Client(listener)) {
      client.send("GET /r/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      assertEquals(414, client.read().status());
    }
    try (Client client = new Client(listener)) {
      client.send("GET /r/%zz HTTP/1.1\r\nHost: qr.test\r\n\r\n");
      assertEquals(400, client.read().status());
    }
    assertEquals(List.of(), received, "nothing reached the handler");
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (Client client = new Client(listener)) {
      client.send("GET /r/abc HTTP/1.1\r\nHost: qr.test\r\nConnection: close\r\n\r\n");
      Answer answer = client.read();
      assertEquals(302, answer.status());
      assertEquals("close", answer.header("connection"));
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheOthersServed() throws Exception {
    List<Client> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS; i++) open.add(new Client(listener));
      for (Client client : open) {
        client.send("GET /r/abc HTTP/1.1\r\nHost: qr.test\r\n\r\n");
        assertEquals(302, client.read().status());
      }
      try (Client beyond = new Client(listener)) {
        assertTrue(beyond.closedByServer(), "one connection too many");
      }
      open.remove(0).close();
      awaitAccepted();
    } finally {
      for (Client client : open) client.close();
    }
  }

  /** A freed slot is taken again (the close reaches the server asynchronously). */
  private void awaitAccepted() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Client client = new Client(listener)) {
        client.send("GET /r/again HTTP/1.1\r\nHost: qr.test\r\n\r\n");
        if (client.read().status() == 302) return;
      } catch (IOException closed) {
        Thread.sleep(10);
      }
    }
    throw new AssertionError("no connection accepted after one closed");
  }

  @Test
  void aTakenPortFailsTheStart() {
    var taken = new ScanListener.Settings(true, "127.0.0.1", listener.localAddress().getPort(), 1,
        MAX_CONNECTIONS, 4096, 8192, Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(5));
    var start = ScanListener.start(testKit.system(), taken, this::handle).toCompletableFuture();
    assertThrows(ExecutionException.class, () -> start.get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void coordinatedShutdownStopsTheListener() {
    int port = listener.localAddress().getPort();
    testKit.shutdownTestKit();
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  /** An application/problem+json answer with this status. */
  private static Answer assertProblem(int status, Answer answer) {
    assertEquals(status, answer.status());
    assertEquals("application/problem+json", answer.header("content-type"));
    return answer;
  }

  private void awaitReceived(int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(count, received.size());
  }

  private static String header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value).orElseThrow();
  }

  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  /** HTTP/1.1 over a plain socket, so that pipelining and malformed requests can be sent. */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    Client(ScanListener listener) throws IOException {
      socket = new Socket("127.0.0.1", listener.localAddress().getPort());
      socket.setSoTimeout((int) WAIT.toMillis());
      in = socket.getInputStream();
    }

    void send(String request) throws IOException {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    Answer read() throws IOException {
      Answer head = readWithoutBody();
      byte[] body = in.readNBytes(Integer.parseInt(head.headers().getOrDefault("content-length", "0")));
      return new Answer(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
    }

    Answer readWithoutBody() throws IOException {
      String statusLine = line();
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new HashMap<>();
      for (String line = line(); !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      return new Answer(status, headers, "");
    }

    boolean closedByServer() throws IOException {
      return in.read() == -1;
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b == -1) throw new IOException("connection closed mid-answer");
        if (b != '\r') line.write(b);
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
