package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The live scan counter (server-sent events) on a real node: subscribe, scan, see the count. */
class LiveScanTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TestNode node = SharedNode.get();

  @Test
  void givenSubscribedOwner_whenCodeIsScanned_thenTheNewTotalIsPushed() throws Exception {
    String token = node.signUp("live-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();
    String code = TestNode.json(node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/live\"}"))
        .get("code").asText();
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> stream = client.send(
        node.request("/api/v1/qr/" + code + "/scans/live", token).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    assertTrue(stream.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
    BlockingQueue<String> data = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> stream.body()
        .filter(line -> line.startsWith("data: ")).forEach(line -> data.add(line.substring(6))));
    reader.setDaemon(true);
    reader.start();

    assertEquals("{\"code\":\"" + code + "\",\"totalScans\":0}", data.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    for (int i = 0; i < 3; i++) assertEquals(302, node.get("/r/" + code, null).statusCode());

    String last = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && !("{\"code\":\"" + code + "\",\"totalScans\":3}").equals(last)) {
      last = data.poll(1, TimeUnit.SECONDS);
    }
    assertEquals("{\"code\":\"" + code + "\",\"totalScans\":3}", last, "pushed without a request");
    stream.body().close();
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
