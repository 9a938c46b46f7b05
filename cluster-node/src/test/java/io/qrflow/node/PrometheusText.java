package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node's {@code /metrics} (Prometheus text format) and the values of its sample lines. */
final class PrometheusText {

  private PrometheusText() {}

  /** {@code GET /metrics} on a node's management endpoint. */
  static String scrape(ApiClient management) {
    var response = management.get("/metrics", null);
    assertEquals(200, response.statusCode());
    return response.body();
  }

  /** The value of a sample line, 0 if it is absent. */
  static double value(String text, String sample) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
