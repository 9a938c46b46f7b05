package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops and starts again under steady scan load. Redirects go on from the route cache;
 * QR codes cannot write their scans meanwhile (writes fail, the codes restart with backoff and
 * keep their pending batches; edges keep resending what is unacknowledged); afterwards every
 * served scan is counted exactly once, also those whose failed write had committed after all.
 */
class DatabaseRestartTest {

  private static final int CODES = 20;
  private static final Duration LOAD_BEFORE = Duration.ofSeconds(4);
  private static final Duration DOWN = Duration.ofSeconds(5);
  private static final Duration LOAD_AFTER = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void givenScanLoad_whenPostgresRestarts_thenEveryServedScanIsCountedOnce() throws Exception {
    try (var cluster = new ClusterNodes(dir)) {
      var node = cluster.start(Map.of("qrflow.limits.scans.limit", 10_000_000),
          List.of(List.of("edge", "entity", "projection"))).get(0);
      try {
        var http = node.http();
        String token = http.signUp("pg-restart@example.com").get("accessToken").asText();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < CODES; i++) {
          var created = http.post("/api/v1/qr", token, "{\"target\":\"https://example.com/" + i + "\"}");
          assertEquals(201, created.statusCode(), created.body());
          codes.add(ApiClient.json(created).get("code").asText());
        }

        var load = new ScanLoad(http, codes);
        load.start();
        Thread.sleep(LOAD_BEFORE.toMillis());
        long before = load.served.get();
        cluster.restartPostgres(DOWN);
        long duringOutage = load.served.get() - before;
        Thread.sleep(LOAD_AFTER.toMillis());
        load.stop();

        assertTrue(duringOutage > 0, "redirects went on while PostgreSQL was down");
        Map<String, Long> counted = load.awaitCounted(http, token, codes, SETTLE);
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("PostgreSQL restart: served %d (%d while it was down), counted %d,"
            + " unanswered %d%n", load.served.get(), duringOutage, total, load.unanswered.get());
        assertEquals(0, load.unanswered.get(), "every scan request answered");
        assertEquals(load.servedPerCode, counted, "every served scan counted once");
      } finally {
        node.stopGracefully();
      }
    }
  }
}
