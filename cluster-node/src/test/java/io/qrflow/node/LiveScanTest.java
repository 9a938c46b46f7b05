package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qrflow.qr.QrCode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;

/** The live scan counter (server-sent events) on a real node: subscribe, scan, see the count. */
class LiveScanTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private final TestNode node = SharedNode.get();

  @Test
  void givenSubscribedOwner_whenCodeIsScanned_thenTheNewTotalIsPushed() throws Exception {
    String token = node.signUp("live-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String code = TestNode.json(node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/live\"}"))
        .get("code").asText();
    BlockingQueue<String> data = subscribe(code, token);

    assertEquals(count(code, 0), data.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    for (int i = 0; i < 3; i++) assertEquals(302, node.get("/r/" + code, null).statusCode());

    assertEquals(count(code, 3), awaitCount(data, count(code, 3)), "pushed without a request");
  }

  /** The data lines of the code's live stream, read on a daemon thread. */
  private BlockingQueue<String> subscribe(String code, String token) throws Exception {
    HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
        node.request("/api/v1/qr/" + code + "/scans/live", token).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    assertTrue(stream.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
    BlockingQueue<String> data = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> stream.body()
        .filter(line -> line.startsWith("data: ")).forEach(line -> data.add(line.substring(6))));
    reader.setDaemon(true);
    reader.start();
    return data;
  }

  private static String awaitCount(BlockingQueue<String> data, String expected) throws InterruptedException {
    String last = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && !expected.equals(last)) {
      String next = data.poll(1, TimeUnit.SECONDS);
      if (next != null) last = next;
    }
    return last;
  }

  private static String count(String code, long total) {
    return "{\"code\":\"" + code + "\",\"totalScans\":" + total + "}";
  }

  @Test
  void givenSubscriber_whenTheEntityStopsAndComesBack_thenTheStreamRegistersAgain() throws Exception {
    String token = node.signUp("live-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String code = TestNode.json(node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/back\"}"))
        .get("code").asText();
    BlockingQueue<String> data = subscribe(code, token);
    assertEquals(count(code, 0), data.poll(WAIT.toSeconds(), TimeUnit.SECONDS));

    // Stopping the entity forgets its watchers, as passivation or a hand-off would.
    ClusterSharding.get(node.node().system()).entityRefFor(QrCode.ENTITY_KEY, code)
        .tell(QrCode.Passivate.INSTANCE);
    Thread.sleep(SETTLE.toMillis());
    assertEquals(302, node.get("/r/" + code, null).statusCode());

    assertEquals(count(code, 1), awaitCount(data, count(code, 1)),
        "the new incarnation was told of the stream by its next registration");
  }

  @Test
  void givenSomeoneElsesCode_whenSubscribing_then404Problem() {
    String alice = node.signUp("live-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String bob = node.signUp("live-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String code = TestNode.json(node.post("/api/v1/qr", alice, "{\"target\":\"https://example.com/a\"}"))
        .get("code").asText();

    var refused = node.get("/api/v1/qr/" + code + "/scans/live", bob);

    assertEquals(404, refused.statusCode());
    assertTrue(refused.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
    assertEquals(401, node.get("/api/v1/qr/" + code + "/scans/live", null).statusCode());
  }
}
