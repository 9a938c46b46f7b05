package io.qrflow.projections.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.zaxxer.hikari.HikariDataSource;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.testing.ServiceFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scans and page views are recorded as applied once per journal event (highest index), not once
 * per message; a message sent again is still recognised, also by a second transaction given the
 * same messages at the same time.
 */
class ItemDeliveriesTest {

  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    pool = ServiceFixture.get().pool;
  }

  @Test
  void givenScansOfTwoJournalEvents_thenOneRowEach_andOnlyHigherIndexesAreNewLater() throws Exception {
    var bookkeeping = new ConsumerBookkeeping("rows", "routing_db");
    try (Connection c = pool.getConnection()) {
      assertEquals(Set.of("QrCode|a:7:0", "QrCode|a:7:1", "QrCode|b:3:0"), bookkeeping.firstDeliveries(
          c, Topics.QR_SCANNED, List.of("QrCode|a:7:0", "QrCode|a:7:1", "QrCode|b:3:0")));
      assertEquals(Set.of("QrCode|a:7:2", "QrCode|a:9:0"), bookkeeping.firstDeliveries(c, Topics.QR_SCANNED,
          List.of("QrCode|a:7:0", "QrCode|a:7:1", "QrCode|a:7:2", "QrCode|a:9:0", "QrCode|b:3:0")),
          "a journal event split over two batches; its first two items came before");
      assertEquals(Set.of(), bookkeeping.firstDeliveries(c, Topics.QR_SCANNED,
          List.of("QrCode|a:7:2", "QrCode|b:3:0")));
      assertEquals("QrCode|a:7:*=2 QrCode|a:9:*=0 QrCode|b:3:*=0", rows("rows"));
    }
  }

  @Test
  void givenOtherTopicsOrIdsWithoutAnIndex_thenEachMessageHasItsOwnRow() throws Exception {
    var bookkeeping = new ConsumerBookkeeping("plain", "routing_db");
    try (Connection c = pool.getConnection()) {
      assertEquals(Set.of("QrCode|a:1"), bookkeeping.firstDeliveries(c, Topics.QR_SCANNED, List.of("QrCode|a:1")));
      assertEquals(Set.of("QrCode|a:2:0"), bookkeeping.firstDeliveries(c, Topics.QR_CREATED, List.of("QrCode|a:2:0")));
      assertFalse(bookkeeping.firstDelivery(c, Topics.QR_CREATED, "QrCode|a:2:0"));
      assertEquals("QrCode|a:1=null QrCode|a:2:0=null", rows("plain"));
    }
    assertNull(ItemDeliveries.Item.parse("ml:QrCode|a:x:1"));
    assertNull(ItemDeliveries.Item.parse("QrCode|a:1:99999999999"));
  }

  @Test
  void givenTwoTransactionsWithTheSameScans_thenTheSecondWaitsAndFindsThemApplied() throws Exception {
    var bookkeeping = new ConsumerBookkeeping("race", "routing_db");
    List<String> scans = List.of("QrCode|r:4:0", "QrCode|r:4:1", "QrCode|s:2:0");
    try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      assertEquals(3, bookkeeping.firstDeliveries(first, Topics.QR_SCANNED, scans).size());
      CompletableFuture<Set<String>> other = CompletableFuture.supplyAsync(() -> {
        try {
          return bookkeeping.firstDeliveries(second, Topics.QR_SCANNED, scans);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        other.get(1, TimeUnit.SECONDS);
        throw new AssertionError("the second transaction decided while the first held the rows");
      } catch (TimeoutException expected) {
        // waiting for the first transaction's rows
      }
      first.commit();
      assertEquals(Set.of(), other.get(10, TimeUnit.SECONDS));
      second.commit();
    }
    assertEquals("QrCode|r:4:*=1 QrCode|s:2:*=0", rows("race"));
  }

  private static String rows(String group) throws Exception {
    try (Connection c = pool.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT event_id || '=' || coalesce(last_index::text, 'null')"
            + " FROM routing_db.processed_events WHERE consumer_group = '" + group + "' ORDER BY event_id")) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) out.append(out.length() == 0 ? "" : " ").append(rs.getString(1));
      return out.toString();
    }
  }
}
