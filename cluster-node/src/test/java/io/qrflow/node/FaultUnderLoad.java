package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One all-roles node on a {@link ClusterNodes}' infrastructure, a user with some QR codes, and a
 * fault of that infrastructure injected while a {@link ScanLoad} scans the codes.
 */
final class FaultUnderLoad {

  /** What breaks, and how it comes back. */
  interface Fault {
    void inject() throws Exception;
  }

  final ClusterNodes.Node node;
  final ApiClient http;
  final String token;
  final List<String> codes = new ArrayList<>();
  final ScanLoad load;
  /** Redirects the client received while the fault lasted. */
  long servedDuringFault;

  FaultUnderLoad(ClusterNodes cluster, String email, int codeCount) {
    node = cluster.start(Map.of("qrflow.limits.scans.limit", 10_000_000),
        List.of(List.of("edge", "entity", "projection"))).get(0);
    http = node.http();
    token = http.signUp(email).get("accessToken").asText();
    for (int i = 0; i < codeCount; i++) {
      var created = http.post("/api/v1/qr", token, "{\"target\":\"https://example.com/" + i + "\"}");
      assertEquals(201, created.statusCode(), created.body());
      codes.add(ApiClient.json(created).get("code").asText());
    }
    load = new ScanLoad(http, node.management(), codes);
  }

  /** Scans for {@code before}, injects the fault, scans for {@code after}, stops the load. */
  void run(Duration before, Fault fault, Duration after) throws Exception {
    load.start();
    Thread.sleep(before.toMillis());
    long served = load.served.get();
    fault.inject();
    servedDuringFault = load.served.get() - served;
    Thread.sleep(after.toMillis());
    load.stop();
  }
}
