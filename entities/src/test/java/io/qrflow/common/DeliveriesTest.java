package io.qrflow.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveriesTest {

  private static final int MAX_SENDERS = 3;

  @Test
  void givenAcceptedBatch_whenAskedAgain_thenKnownButOthersAreNot() {
    var d = Deliveries.NONE.with(List.of(id("a", 5, 5)), 1, MAX_SENDERS);

    assertTrue(d.contains(id("a", 5, 5)));
    assertFalse(d.contains(id("a", 6, 5)));
    assertFalse(d.contains(id("b", 5, 5)), "numbers are per sender");
  }

  @Test
  void givenBatchOutOfOrder_whenTheEarlierOneArrivesLater_thenItIsStillCounted() {
    // batch 7 got through, batch 6 (sent first) was dropped and comes again
    var d = Deliveries.NONE.with(List.of(id("a", 7, 6)), 1, MAX_SENDERS);

    assertFalse(d.contains(id("a", 6, 6)));
    assertTrue(d.with(List.of(id("a", 6, 6)), 2, MAX_SENDERS).contains(id("a", 6, 6)));
  }

  @Test
  void givenTheSenderMovedOn_whenItsLowestUnackedRises_thenOlderNumbersAreForgotten() {
    var d = Deliveries.NONE.with(List.of(id("a", 1, 1), id("a", 2, 1), id("a", 3, 1)), 1, MAX_SENDERS)
        .with(List.of(id("a", 9, 9)), 2, MAX_SENDERS);

    assertEquals(List.of(9L), d.senders().get("a").accepted());
    assertTrue(d.contains(id("a", 2, 1)), "below what the sender still waits on: never counted again");
  }

  @Test
  void givenMoreSendersThanKept_whenAnotherIsHeard_thenTheLeastRecentlyHeardIsDropped() {
    var d = Deliveries.NONE;
    for (int i = 0; i < MAX_SENDERS + 1; i++) d = d.with(List.of(id("edge-" + i, 0, 0)), i, MAX_SENDERS);

    assertEquals(MAX_SENDERS, d.senders().size());
    assertFalse(d.senders().containsKey("edge-0"));
    assertTrue(d.senders().containsKey("edge-" + MAX_SENDERS));
  }

  private static Deliveries.Id id(String sender, long seq, long lowest) {
    return new Deliveries.Id(sender, seq, lowest);
  }
}
