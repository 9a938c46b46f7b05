package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.infra.LoopbackPorts;
import io.qrflow.qr.QrCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node holding QR code entities is killed (SIGKILL: no flush, no hand-off) or stopped (SIGTERM)
 * under steady scan load. The edge keeps answering from its route cache, the dead node's shards start on the
 * survivor, and every scan the edge served is counted exactly once: batches the dead entities
 * held unpersisted, or that were sent to them while they were unreachable, are sent again until
 * acknowledged, and a batch persisted before the crash is not counted twice. Acknowledged target
 * changes made before the crash survive it.
 */
class CrashFailoverTest {

  private static final int CODES = 30;
  private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(4);
  private static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(20);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  /** The survivor keeps running when it is left alone with the dead node's side unreachable. */
  private static final Map<String, String> DOWNING = Map.of(
      "pekko.cluster.split-brain-resolver.active-strategy", "keep-oldest",
      "pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone", "off",
      "pekko.cluster.split-brain-resolver.stable-after", "3s");

  @TempDir Path dir;

  /** How the entity node goes away. */
  enum Fault {
    /** SIGKILL: no flush, no hand-off; its shards start on the survivor once it is downed. */
    KILL,
    /** SIGTERM: it leaves, handing its shards off (sharding drops what is buffered meanwhile). */
    TERM
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void givenScanLoad_whenAnEntityNodeGoesAway_thenEveryServedScanIsCountedOnce(Fault fault)
      throws Exception {
    try (var cluster = new ClusterNodes(dir)) {
      Map<String, Object> settings = new java.util.HashMap<>(DOWNING);
      settings.put("qrflow.limits.scans.limit", 10_000_000);
      var survivor = cluster.start(settings, List.of(List.of("edge", "entity", "projection"))).get(0);
      try (NodeProcess victim = startEntityNode(cluster, survivor)) {
        TestNode.eventually(() -> ClusterNodes.members(survivor).get("members").size() == 2 ? true : null);
        var http = survivor.http();
        String token = http.signUp("crash@example.com").get("accessToken").asText();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < CODES; i++) {
          var created = http.post("/api/v1/qr", token, "{\"target\":\"https://example.com/" + i + "\"}");
          assertEquals(201, created.statusCode(), created.body());
          codes.add(ApiClient.json(created).get("code").asText());
        }
        Map<String, Integer> shards = ClusterNodes.shardsPerRegion(
            survivor.node().system(), QrCode.ENTITY_KEY.name());
        assertEquals(2, shards.size(), "codes live on both nodes: " + shards);
        Map<String, String> changedTargets = changeEveryTarget(http, token, codes);

        var load = new ScanLoad(http, survivor.management(), codes);
        load.start();
        Thread.sleep(LOAD_BEFORE_KILL.toMillis());
        if (fault == Fault.KILL) victim.kill();
        else assertTrue(victim.terminate(), "the node stopped on SIGTERM");
        long servedAtKill = load.served.get();
        Thread.sleep(LOAD_AFTER_KILL.toMillis());
        load.stop();

        assertTrue(servedAtKill > 0, "scans served before the kill");
        assertTrue(load.served.get() > servedAtKill, "redirects continued after the kill");
        long served = load.served.get();
        Map<String, Long> counted = load.awaitCounted(http, token, codes, SETTLE);
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%s of an entity node: served %d (%d before the fault; the edge counted"
            + " %d), counted %d%n", fault, served, servedAtKill, load.redirectedByEdge, total);
        load.assertCountedOnce(counted);
        for (String code : codes) {
          JsonNode qr = ApiClient.json(http.get("/api/v1/qr/" + code, token));
          assertEquals(changedTargets.get(code), qr.get("target").asText(), "acknowledged change kept");
        }
      } finally {
        survivor.stopGracefully();
      }
    }
  }

  private NodeProcess startEntityNode(ClusterNodes cluster, ClusterNodes.Node seed) throws Exception {
    int management = LoopbackPorts.free();
    var db = cluster.database;
    return NodeProcess.start(dir.resolve("victim.log"), Map.ofEntries(
            Map.entry("QRFLOW_DATA_DIR", dir.resolve("victim").toString()),
            Map.entry("QRFLOW_ROLES", "entity"),
            Map.entry("QRFLOW_DB_URL", db.url()),
            Map.entry("QRFLOW_DB_USER", db.user()),
            Map.entry("QRFLOW_DB_PASSWORD", db.password()),
            Map.entry("QRFLOW_DB_POOL_SIZE", "4"),
            Map.entry("QRFLOW_KAFKA_BOOTSTRAP", cluster.kafkaBootstrap()),
            Map.entry("QRFLOW_CLUSTER_BOOTSTRAP", "on"),
            Map.entry("QRFLOW_CONTACT_POINTS", "127.0.0.1:" + seed.managementPort()),
            Map.entry("QRFLOW_REQUIRED_CONTACT_POINTS", "1"),
            Map.entry("QRFLOW_REMOTE_HOST", "127.0.0.1"),
            Map.entry("QRFLOW_REMOTE_PORT", String.valueOf(LoopbackPorts.free())),
            Map.entry("QRFLOW_MANAGEMENT_HOST", "127.0.0.1"),
            Map.entry("QRFLOW_MANAGEMENT_PORT", String.valueOf(management))),
        DOWNING, new ApiClient(management), "/ready");
  }

  private static Map<String, String> changeEveryTarget(ApiClient http, String token, List<String> codes) {
    Map<String, String> targets = new java.util.HashMap<>();
    for (String code : codes) {
      String target = "https://example.com/changed/" + code;
      var changed = http.patch("/api/v1/qr/" + code, token, "{\"target\":\"" + target + "\"}");
      assertEquals(200, changed.statusCode(), changed.body());
      targets.put(code, target);
    }
    return targets;
  }
}
