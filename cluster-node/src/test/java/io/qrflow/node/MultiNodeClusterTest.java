package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.qrlisting.QrListingProjection;
import io.qrflow.qr.QrCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes with different roles form one cluster through cluster bootstrap (config discovery):
 * an edge+entity node and an entity+projection node. Scans served by the edge reach entities on
 * either node; read sides run only where the projection role is; stopping a node gracefully
 * hands its shards off with every pending scan written first.
 */
class MultiNodeClusterTest {

  private static final int CODES = 20;
  private static final int SCANS_PER_CODE = 10;

  @TempDir Path dir;

  @Test
  void givenTwoNodesWithRoles_whenTheyBootstrap_thenScansCrossNodesAndAGracefulStopLosesNone() {
    try (var cluster = new ClusterNodes(dir)) {
      // Batches that never fill or time out: every scan is pending until a hand-off flushes it.
      var nodes = cluster.start(
          Map.of("qrflow.qr.scan-batch.max-size", 100_000, "qrflow.qr.scan-batch.flush-interval", "1h"),
          List.of(List.of("edge", "entity"), List.of("entity", "projection")));
      var edge = nodes.get(0);
      var backend = nodes.get(1);
      try {
        JsonNode members = ClusterNodes.members(edge).get("members");
        assertEquals(2, members.size(), members.toString());
        for (JsonNode m : members) assertEquals("Up", m.get("status").asText(), members.toString());
        assertEquals(200, ClusterNodes.status(backend.management(), "/alive"));

        String token = edge.http().signUp("cluster@example.com").get("accessToken").asText();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < CODES; i++) {
          var created = edge.http().post("/api/v1/qr", token, "{\"target\":\"https://example.com/" + i + "\"}");
          assertEquals(201, created.statusCode(), created.body());
          codes.add(ApiClient.json(created).get("code").asText());
        }
        // The listing read side runs on the projection node only.
        TestNode.eventually(() -> ApiClient.json(edge.http().get("/api/v1/qr?size=100", token))
            .get("total").asInt() == CODES ? true : null);
        // (asked on the backend: the edge node never started that daemon process, not even a proxy)
        assertEquals(Set.of(address(backend)), regionsOf(backend.node().system(),
            "sharded-daemon-process-" + QrListingProjection.NAME));
        assertEquals(Set.of(address(edge), address(backend)),
            regionsOf(edge.node().system(), QrCode.ENTITY_KEY.name()));

        for (String code : codes) {
          for (int i = 0; i < SCANS_PER_CODE; i++) {
            assertEquals(302, edge.http().get("/r/" + code, null).statusCode());
          }
        }
        for (String code : codes) {
          TestNode.eventually(() -> stats(edge, token, code).get("totalScans").asInt() == SCANS_PER_CODE ? true : null);
        }

        backend.stopGracefully();

        long total = 0;
        long persisted = 0;
        for (String code : codes) {
          JsonNode stats = TestNode.eventually(() -> {
            var response = edge.http().get("/api/v1/qr/" + code + "/stats", token);
            return response.statusCode() == 200 ? ApiClient.json(response) : null;
          });
          total += stats.get("totalScans").asLong();
          persisted += stats.get("persistedScans").asLong();
        }
        assertEquals((long) CODES * SCANS_PER_CODE, total, "no scan lost in the hand-off");
        assertTrue(persisted > 0, "the stopped node's entities flushed before hand-off");
      } finally {
        for (var node : nodes) node.stopGracefully();
      }
    }
  }

  private static JsonNode stats(ClusterNodes.Node node, String token, String code) {
    return ApiClient.json(node.http().get("/api/v1/qr/" + code + "/stats", token));
  }

  private static String address(ClusterNodes.Node node) {
    return node.node().system().address().toString();
  }

  private static Set<String> regionsOf(ActorSystem<?> system, String typeName) {
    return ClusterNodes.shardsPerRegion(system, typeName).keySet();
  }
}
