package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.infra.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as operators run it: a separate JVM in dev mode, stopped with SIGTERM. Every scan it
 * was still holding in memory must be in the journal when it comes back.
 */
class SigtermTest {

  private static final int SCANS = 50;
  private static final int LOAD_CODES = 4;
  private static final long SCANS_BEFORE_SIGNAL = 2_000;
  @TempDir Path dataDir;

  @Test
  void givenPendingScans_whenTheProcessGetsSigterm_thenNoScanIsLost() throws Exception {
    int port = LoopbackPorts.free();
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

  /**
   * The scan listener stops accepting, writes what it has, and only then does the edge flush its
   * last scan batches: a scan it answered while the signal arrived is not lost.
   */
  @Test
  void givenScansOnTheScanListener_whenSigtermArrivesUnderLoad_thenEveryServedScanIsCounted() throws Exception {
    int port = LoopbackPorts.free();
    int scanPort = LoopbackPorts.free();
    int managementPort = LoopbackPorts.free();
    NodeProcess node = start(port, Map.of("QRFLOW_SCAN_LISTENER", "on", "QRFLOW_SCAN_PORT", String.valueOf(scanPort),
        "QRFLOW_MANAGEMENT_PORT", String.valueOf(managementPort), "QRFLOW_LIMIT_SCANS", "0"));
    var api = new ApiClient(port);
    String token;
    List<String> codes = new ArrayList<>();
    ScanLoad load;
    try {
      token = api.signUp("term-load@example.com").get("accessToken").asText();
      for (int i = 0; i < LOAD_CODES; i++) {
        var created = api.post("/api/v1/qr", token, "{\"target\":\"https://example.com/load" + i + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        codes.add(ApiClient.json(created).get("code").asText());
      }
      load = new ScanLoad(new ApiClient(scanPort), new ApiClient(managementPort), codes);
      load.start();
      TestNode.eventually(() -> load.served.get() >= SCANS_BEFORE_SIGNAL ? true : null);
    } finally {
      assertTrue(node.terminate(), "node stopped");
    }
    load.halt();

    NodeProcess again = start(port, Map.of());
    try {
      Map<String, Long> counted = ScanLoad.scansPerCode(api, token, codes);
      for (var served : load.servedPerCode.entrySet()) {
        assertTrue(counted.get(served.getKey()) >= served.getValue(),
            "every scan the client was served is counted: " + served + ", counted " + counted);
      }
      // Not asserted: an upper bound. Requests in flight at the signal may have been counted
      // without an answer reaching the client (load.unanswered); double counts are ruled out by
      // the numbered batches (QrCodeTest, CrashFailoverTest).
    } finally {
      again.terminate();
    }
  }

  private NodeProcess start(int port) throws Exception {
    return start(port, Map.of());
  }

  private NodeProcess start(int port, Map<String, String> more) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(
        "QRFLOW_DATA_DIR", dataDir.toString(),
        "QRFLOW_HTTP_PORT", String.valueOf(port),
        "QRFLOW_HTTP_HOST", "127.0.0.1",
        "QRFLOW_REMOTE_PORT", String.valueOf(LoopbackPorts.free()),
        "QRFLOW_MANAGEMENT_PORT", String.valueOf(LoopbackPorts.free()),
        // Batches that never fill or time out: every scan is pending at the signal.
        "QRFLOW_SCAN_BATCH_MAX", "100000",
        "QRFLOW_SCAN_BATCH_INTERVAL", "1h"));
    env.putAll(more);
    return NodeProcess.start(dataDir.resolve("node.log"), env, Map.of(), new ApiClient(port), "/health/ready");
  }
}
