package io.qrflow.projections.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.testing.ServiceFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applied event ids are kept for a retention and then deleted, so the table stays bounded under
 * a scan stream; younger ids and other groups' ids stay, and a kept id still stops a duplicate.
 */
class ProcessedEventsPruningTest {

  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    pool = ServiceFixture.get().pool;
  }

  @Test
  void givenOldAndYoungEventIds_whenPruned_thenOnlyThisGroupsOldOnesGoInChunks() throws Exception {
    var bookkeeping = new ConsumerBookkeeping("pruned", "routing_db");
    try (Connection c = pool.getConnection()) {
      bookkeeping.firstDeliveries(c, Topics.QR_CREATED, ids("old-", 25));
      bookkeeping.firstDeliveries(c, Topics.QR_CREATED, ids("young-", 5));
      new ConsumerBookkeeping("other", "routing_db").firstDeliveries(c, Topics.QR_CREATED, ids("old-", 3));
      c.createStatement().executeUpdate("UPDATE routing_db.processed_events"
          + " SET processed_at = now() - interval '8 days' WHERE consumer_group IN ('pruned', 'other')"
          + " AND event_id LIKE 'old-%'");
    }

    long deleted = bookkeeping.prune(pool, Duration.ofDays(7), 10); // three statements: 10, 10, 5

    assertEquals(25, deleted);
    assertEquals(5, count("pruned"));
    assertEquals(3, count("other"), "another group's ids are its own business");
    try (Connection c = pool.getConnection()) {
      assertEquals(0, bookkeeping.firstDeliveries(c, Topics.QR_CREATED, ids("young-", 5)).size(),
          "a kept id still recognises a duplicate");
    }
  }

  private static List<String> ids(String prefix, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add(prefix + i);
    return ids;
  }

  private static long count(String group) throws Exception {
    try (Connection c = pool.getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM routing_db.processed_events WHERE consumer_group = '" + group + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
