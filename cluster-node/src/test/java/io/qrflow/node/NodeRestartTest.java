package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end in dev mode (embedded PostgreSQL under the data dir): register,
 * sign in, create, scan, read stats; restart the node; everything is still there.
 */
class NodeRestartTest {

  private static final int SCANS = 137;

  @TempDir Path dataDir;

  @Test
  void givenScannedCode_whenNodeRestarts_thenEveryScanAndCredentialSurvives() {
    String accessToken;
    String refreshToken;
    // Batches that never fill or time out: every scan is still pending when the node stops.
    var neverFlushOnItsOwn = Map.<String, Object>of(
        "qrflow.qr.scan-batch.max-size", 100_000, "qrflow.qr.scan-batch.flush-interval", "1h");
    try (TestNode node = TestNode.start(null, dataDir, neverFlushOnItsOwn)) {
      JsonNode tokens = node.signUp("restart@example.com");
      accessToken = tokens.get("accessToken").asText();
      refreshToken = tokens.get("refreshToken").asText();
      var created = node.post("/api/v1/qr", accessToken,
          "{\"target\":\"https://example.com/before\",\"code\":\"restart-me\",\"title\":\"Restart\"}");
      assertEquals(201, created.statusCode(), created.body());

      for (int i = 0; i < SCANS; i++) {
        var scan = node.get("/r/restart-me", null);
        assertEquals(302, scan.statusCode());
        assertEquals("https://example.com/before", scan.headers().firstValue("Location").orElseThrow());
      }

      String token = accessToken;
      JsonNode stats = TestNode.eventually(() -> {
        JsonNode s = TestNode.json(node.get("/api/v1/qr/restart-me/stats", token));
        return s.get("totalScans").asLong() == SCANS ? s : null;
      });
      assertEquals(SCANS, stats.get("pendingScans").asLong(), "counted in memory, not yet written");
    }

    try (TestNode node = TestNode.start(null, dataDir)) {
      JsonNode stats = TestNode.json(node.get("/api/v1/qr/restart-me/stats", accessToken));
      assertEquals(SCANS, stats.get("totalScans").asLong(), stats.toString());
      assertEquals(SCANS, stats.get("persistedScans").asLong(), "flushed before the node stopped");
      assertEquals(0, stats.get("pendingScans").asLong());

      var refreshed = node.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refreshToken + "\"}");
      assertEquals(200, refreshed.statusCode(), "the signing key and refresh tokens survive: " + refreshed.body());
      assertEquals(302, node.get("/r/restart-me", null).statusCode());
      var login = node.post("/api/v1/auth/login", null,
          "{\"email\":\"restart@example.com\",\"password\":\"a long enough password\"}");
      assertEquals(200, login.statusCode());
    }
  }
}
