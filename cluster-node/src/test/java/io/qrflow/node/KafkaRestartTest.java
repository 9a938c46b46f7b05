package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.contracts.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka stops and starts again under steady scan load. Scans never wait on Kafka, so redirects
 * and counts go on; the publisher of {@code qr.scanned} resumes from its offset once the broker
 * is back. Afterwards every served scan is counted once by its code, is on the topic (at least
 * once, under one event id) and is counted once by the analytics service.
 */
class KafkaRestartTest {

  private static final int CODES = 10;
  private static final Duration LOAD_BEFORE = Duration.ofSeconds(4);
  private static final Duration DOWN = Duration.ofSeconds(5);
  private static final Duration LOAD_AFTER = Duration.ofSeconds(6);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void givenScanLoad_whenKafkaRestarts_thenEveryServedScanReachesTheTopicAndAnalyticsOnce() throws Exception {
    try (var cluster = new ClusterNodes(dir)) {
      var test = new FaultUnderLoad(cluster, "kafka-restart@example.com", CODES);
      try {
        test.run(LOAD_BEFORE, () -> cluster.restartKafka(DOWN), LOAD_AFTER);
        var load = test.load;
        List<String> codes = test.codes;

        assertTrue(test.servedDuringFault > 0, "redirects went on while Kafka was down");
        Map<String, Long> counted = load.awaitCounted(test.http, test.token, codes, SETTLE);
        load.assertCountedOnce(counted);
        Map<String, Long> onTopic = TestNode.eventually(SETTLE,
            () -> distinctScansOnTopic(cluster, codes).equals(counted) ? distinctScansOnTopic(cluster, codes) : null);
        Map<String, Long> inAnalytics = TestNode.eventually(SETTLE, () ->
            analyticsScans(test.http, test.token, codes).equals(counted) ? analyticsScans(test.http, test.token, codes) : null);
        System.out.printf("Kafka restart: served %d (%d while it was down; the edge counted %d),"
            + " counted %d, unanswered %d%n", load.served.get(), test.servedDuringFault, load.redirectedByEdge,
            counted.values().stream().mapToLong(Long::longValue).sum(), load.unanswered.get());
        assertEquals(0, load.unanswered.get(), "every scan request answered");
        assertEquals(counted, onTopic, "one event id on qr.scanned per counted scan");
        assertEquals(counted, inAnalytics, "analytics counts each scan once");
      } finally {
        test.node.stopGracefully();
      }
    }
  }

  /** Distinct event ids of {@code qr.scanned} per code (a message published twice counts once). */
  private static Map<String, Long> distinctScansOnTopic(ClusterNodes cluster, List<String> codes) {
    Map<String, Long> scans = new HashMap<>();
    TopicReader.readAll(cluster.kafkaBootstrap(), Topics.QR_SCANNED, Set.copyOf(codes)).forEach((code, messages) -> {
      Set<String> ids = new HashSet<>();
      for (JsonNode message : messages) ids.add(message.get("eventId").asText());
      scans.put(code, (long) ids.size());
    });
    return scans;
  }

  /** Each code's total scans today as the analytics service reports them. */
  private static Map<String, Long> analyticsScans(ApiClient http, String token, List<String> codes) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    Map<String, Long> scans = new HashMap<>();
    for (String code : codes) {
      var report = http.get("/api/v1/qr/" + code + "/analytics?" + range, token);
      if (report.statusCode() != 200) return Map.of();
      scans.put(code, ApiClient.json(report).get("totals").get("scans").asLong());
    }
    return scans;
  }
}
