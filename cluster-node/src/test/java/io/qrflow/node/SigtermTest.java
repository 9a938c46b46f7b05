package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as operators run it: a separate JVM in dev mode, stopped with SIGTERM. Every scan it
 * was still holding in memory must be in the journal when it comes back.
 */
class SigtermTest {

  private static final int SCANS = 50;
  @TempDir Path dataDir;

  @Test
  void givenPendingScans_whenTheProcessGetsSigterm_thenNoScanIsLost() throws Exception {
    int port = freePort();
    String code;
    String token;
    NodeProcess node = start(port);
    try {
      var test = new ApiClient(port);
      token = test.signUp("term@example.com").get("accessToken").asText();
      var created = test.post("/api/v1/qr", token, "{\"target\":\"https://example.com/term\"}");
      assertEquals(201, created.statusCode(), created.body());
      code = ApiClient.json(created).get("code").asText();
      for (int i = 0; i < SCANS; i++) assertEquals(302, test.get("/r/" + code, null).statusCode());
      JsonNode stats = TestNode.eventually(() -> {
        JsonNode s = TestNode.json(test.get("/api/v1/qr/" + code + "/stats", token));
        return s.get("totalScans").asInt() == SCANS ? s : null;
      });
      assertEquals(SCANS, stats.get("pendingScans").asInt(), "all still in memory");
    } finally {
      assertTrue(node.terminate(), "node stopped");
    }

    NodeProcess again = start(port);
    try {
      JsonNode stats = TestNode.json(new ApiClient(port).get("/api/v1/qr/" + code + "/stats", token));
      assertEquals(SCANS, stats.get("persistedScans").asInt(), stats.toString());
      assertEquals(SCANS, stats.get("totalScans").asInt());
    } finally {
      again.terminate();
    }
  }

  private NodeProcess start(int port) throws Exception {
    return NodeProcess.start(dataDir.resolve("node.log"), Map.of(
        "QRFLOW_DATA_DIR", dataDir.toString(),
        "QRFLOW_HTTP_PORT", String.valueOf(port),
        "QRFLOW_HTTP_HOST", "127.0.0.1",
        "QRFLOW_REMOTE_PORT", String.valueOf(freePort()),
        "QRFLOW_MANAGEMENT_PORT", String.valueOf(freePort()),
        // Batches that never fill or time out: every scan is pending at the signal.
        "QRFLOW_SCAN_BATCH_MAX", "100000",
        "QRFLOW_SCAN_BATCH_INTERVAL", "1h"), Map.of(), new ApiClient(port), "/health/ready");
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
