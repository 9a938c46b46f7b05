package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops and starts again under steady scan load. Redirects go on from the route cache;
 * QR codes cannot write their scans meanwhile (writes fail, the codes restart with backoff and
 * keep their pending batches; edges keep resending what is unacknowledged); afterwards every
 * served scan is counted exactly once, also those whose failed write had committed after all.
 */
class DatabaseRestartTest {

  private static final int CODES = 20;
  private static final Duration LOAD_BEFORE = Duration.ofSeconds(4);
  private static final Duration DOWN = Duration.ofSeconds(5);
  private static final Duration LOAD_AFTER = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir Path dir;

  /**
   * Each code's scans as its journal holds them, checking on the way that no edge batch was
   * written twice (the journal, not only the entity's answer, must be right).
   */
  private static Map<String, Long> journalScans(ClusterNodes cluster, List<String> codes)
      throws Exception {
    var db = cluster.database;
    Map<String, Long> scans = new java.util.HashMap<>();
    try (var c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
        var st = c.prepareStatement("SELECT event_payload FROM journal.event_journal"
            + " WHERE persistence_id = ? AND event_ser_manifest LIKE '%ScansRecorded%'")) {
      for (String code : codes) {
        st.setString(1, "QrCode|" + code);
        java.util.Set<String> batches = new java.util.HashSet<>();
        long total = 0;
        try (var rs = st.executeQuery()) {
          while (rs.next()) {
            var event = ApiClient.JSON.readTree(uncompressed(rs.getBytes(1)));
            total += event.get("scans").size();
            for (var id : event.path("deliveries")) {
              String batch = id.get("sender").asText() + ":" + id.get("seq").asText();
              assertTrue(batches.add(batch), "batch " + batch + " of " + code + " written twice");
            }
          }
        }
        scans.put(code, total);
      }
    }
    return scans;
  }

  /** Large events are stored gzip-compressed by the Jackson serializer. */
  private static byte[] uncompressed(byte[] bytes) throws java.io.IOException {
    if (bytes.length < 2 || bytes[0] != (byte) 0x1f || bytes[1] != (byte) 0x8b) return bytes;
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  @Test
  void givenScanLoad_whenPostgresRestarts_thenEveryServedScanIsCountedOnce() throws Exception {
    try (var cluster = new ClusterNodes(dir)) {
      var test = new FaultUnderLoad(cluster, "pg-restart@example.com", CODES);
      try {
        test.run(LOAD_BEFORE, () -> cluster.restartPostgres(DOWN), LOAD_AFTER);
        var load = test.load;

        assertTrue(test.servedDuringFault > 0, "redirects went on while PostgreSQL was down");
        Map<String, Long> counted = load.awaitCounted(test.http, test.token, test.codes, SETTLE);
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("PostgreSQL restart: served %d (%d while it was down; the edge counted %d),"
            + " counted %d, unanswered %d%n", load.served.get(), test.servedDuringFault,
            load.redirectedByEdge, total, load.unanswered.get());
        assertEquals(0, load.unanswered.get(), "every scan request answered");
        load.assertCountedOnce(counted);
        assertEquals(counted, journalScans(cluster, test.codes), "and written once");
      } finally {
        test.node.stopGracefully();
      }
    }
  }
}
