package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady scans round-robin over some codes from two threads, counting the 302s per code (what
 * the client was served), for the fault tests; and the codes' counts as their entities report them.
 *
 * <p>The edge's own count of redirects ({@code qrflow_scans_total}) is the exact reference: the
 * client's tally can be lower, because Java's HttpClient silently sends a GET again when a pooled
 * connection turns out closed before any byte of the answer arrived. If the edge had served the
 * first copy, that scan happened and must be counted; the client saw only one 302.
 */
final class ScanLoad {

  private static final int THREADS = 2;
  private static final Duration POLL = Duration.ofMillis(500);
  /** Resends come every few seconds (ack timeout): a double count would show within this. */
  private static final Duration LATE = Duration.ofSeconds(6);
  final AtomicLong served = new AtomicLong();
  final Map<String, Long> servedPerCode = new ConcurrentHashMap<>();
  /** Requests sent without an answer: the edge may have served (and counted) them. */
  final AtomicLong unanswered = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final ApiClient edgeManagement;
  private long edgeScansAtStart;
  /** Redirects the edge served (and counted in its metrics) between start and stop. */
  long redirectedByEdge;

  /** {@code http}: the edge's API; {@code edgeManagement}: the same node's management endpoint. */
  ScanLoad(ApiClient http, ApiClient edgeManagement, List<String> codes) {
    this.edgeManagement = edgeManagement;
    for (int t = 0; t < THREADS; t++) {
      int offset = t;
      threads.add(new Thread(() -> {
        for (int i = offset; running.get(); i++) {
          String code = codes.get(i % codes.size());
          try {
            if (http.get("/r/" + code, null).statusCode() == 302) {
              served.incrementAndGet();
              servedPerCode.merge(code, 1L, Long::sum);
            }
          } catch (IllegalStateException e) {
            unanswered.incrementAndGet();
          }
        }
      }, "scan-load-" + t));
    }
  }

  void start() {
    edgeScansAtStart = edgeScans();
    threads.forEach(Thread::start);
  }

  void stop() throws InterruptedException {
    halt();
    redirectedByEdge = edgeScans() - edgeScansAtStart;
  }

  /** Stops the load without asking the edge for its count (the edge is gone). */
  void halt() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) t.join();
  }

  /**
   * Every scan the edge redirected is counted, once: the total is exactly the edge's, and no code
   * has fewer than the client was served.
   */
  void assertCountedOnce(Map<String, Long> counted) {
    long total = counted.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(redirectedByEdge, total, "every scan the edge redirected counted once: " + counted);
    for (var code : servedPerCode.entrySet()) {
      assertTrue(counted.getOrDefault(code.getKey(), 0L) >= code.getValue(),
          "every scan served to the client counted: " + code + " but counted " + counted);
    }
  }

  private long edgeScans() {
    return (long) PrometheusText.value(PrometheusText.scrape(edgeManagement), "qrflow_scans_total");
  }

  /**
   * Waits (up to {@code limit}) until the codes' counts add up to what the edge served, then a few
   * seconds more so that late double counts would show; returns the counts per code.
   */
  Map<String, Long> awaitCounted(ApiClient http, String token, List<String> codes, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (totalScans(http, token, codes) != redirectedByEdge && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
    }
    Thread.sleep(LATE.toMillis());
    Map<String, Long> counted = scansPerCode(http, token, codes);
    while (counted.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      counted = scansPerCode(http, token, codes);
    }
    return counted;
  }

  static long totalScans(ApiClient http, String token, List<String> codes) {
    return scansPerCode(http, token, codes).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Each code's total scans, or an empty map while any code cannot answer (a shard moving). */
  static Map<String, Long> scansPerCode(ApiClient http, String token, List<String> codes) {
    Map<String, Long> counts = new HashMap<>();
    for (String code : codes) {
      var stats = http.get("/api/v1/qr/" + code + "/stats", token);
      if (stats.statusCode() != 200) return Map.of();
      counts.put(code, ApiClient.json(stats).get("totalScans").asLong());
    }
    return counts;
  }
}
