package io.qrflow.node;

import static io.qrflow.node.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code /metrics} on the management port reflects what the node did. */
class MetricsTest {

  private static final int SCANS = 5;

  @Test
  void givenScans_whenPrometheusScrapes_thenCountersHistogramsAndGaugesShowThem() {
    TestNode node = SharedNode.get();
    String token = node.signUp("metrics@example.com").get("accessToken").asText();
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/metrics\"}");
    assertEquals(201, created.statusCode(), created.body());
    String code = ApiClient.json(created).get("code").asText();
    assertEquals(302, node.get("/r/" + code, null).statusCode()); // first scan may miss the cache

    double scansBefore = value(scrape(node), "qrflow_scans_total");
    double latencyBefore = value(scrape(node), "qrflow_redirect_seconds_count");
    double hitsBefore = value(scrape(node), "qrflow_route_cache_lookups_total{result=\"hit\"}");
    for (int i = 0; i < SCANS; i++) assertEquals(302, node.get("/r/" + code, null).statusCode());
    String after = scrape(node);
    assertEquals(scansBefore + SCANS, value(after, "qrflow_scans_total"));
    assertEquals(latencyBefore + SCANS, value(after, "qrflow_redirect_seconds_count"));
    assertEquals(hitsBefore + SCANS, value(after, "qrflow_route_cache_lookups_total{result=\"hit\"}"));
    assertTrue(value(after, "qrflow_route_cache_hit_ratio") > 0);
    assertTrue(after.contains("jvm_memory_used_bytes"), "JVM metrics");

    // Flushed within the batch interval, published, and counted by the refreshing gauges.
    TestNode.eventually(() -> {
      String text = scrape(node);
      return value(text, "qrflow_journal_scan_batch_size_count") > 0
          && value(text, "qrflow_entities{type=\"QrCode\"}") >= 1
          && text.contains("qrflow_projection_lag_events{projection=\"qr-listing\"}")
          && text.contains("qrflow_consumer_lag_messages{group=\"routing\"}") ? true : null;
    });
  }

  private static String scrape(TestNode node) {
    return PrometheusText.scrape(node.management());
  }
}
