package io.qrflow.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qrflow.common.Deliveries;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The courier against a recording "entity": what it sends, when it sends again, when it stops.
 * Durations are short so that resends happen during the test; nothing asserts how fast.
 */
class CourierTest {

  private static final int MAX_RESEND_ITEMS = 3;
  private static final Courier.Settings SETTINGS = new Courier.Settings(Duration.ofMillis(300),
      Duration.ofMillis(50), MAX_RESEND_ITEMS, Duration.ofSeconds(30), Duration.ofSeconds(5));

  /** One message to the entity: one or more batches. */
  record Sent(String entityId, List<Courier.Batch<String>> batches, ActorRef<Deliveries.Ack> replyTo) {
    Deliveries.Id id() {
      assertEquals(1, batches.size(), "one batch in this message");
      return batches.get(0).id();
    }

    List<String> items() {
      return batches.stream().flatMap(b -> b.items().stream()).toList();
    }

    void ack() {
      batches.forEach(b -> replyTo.tell(new Deliveries.Ack(b.id().seq())));
    }
  }

  private ActorTestKit testKit;
  private TestProbe<Sent> entity;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create();
    entity = testKit.createTestProbe();
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private Courier<String> courier(Courier.Settings settings) {
    return new Courier<>(testKit.system(), "courier", settings,
        (entityId, batches, replyTo) -> entity.getRef().tell(new Sent(entityId, batches, replyTo)));
  }

  @Test
  void givenBatch_whenAcknowledged_thenNeverSentAgain() {
    var courier = courier(SETTINGS);

    courier.deliver("spring", List.of("a", "b"));
    Sent sent = entity.receiveMessage();
    sent.ack();

    assertEquals("spring", sent.entityId());
    assertEquals(List.of("a", "b"), sent.items());
    entity.expectNoMessage(Duration.ofMillis(900)); // three ack timeouts
    assertEquals(0, courier.outstandingItems());
    assertEquals(0, courier.resentBatches());
  }

  @Test
  void givenBatchLostOnTheWay_whenNoAcknowledgementComes_thenSentAgainWithTheSameNumber() {
    var courier = courier(SETTINGS);

    courier.deliver("spring", List.of("a"));
    Sent first = entity.receiveMessage(); // dropped: never acknowledged
    Sent again = entity.receiveMessage(Duration.ofSeconds(5));
    again.ack();

    assertEquals(first.id().seq(), again.id().seq());
    assertEquals(first.id().sender(), again.id().sender());
    assertEquals(List.of("a"), again.items());
    entity.expectNoMessage(Duration.ofMillis(900));
    assertEquals(1, courier.resentBatches());
  }

  @Test
  void givenTwoBatchesForOneEntity_whenTheFirstIsOutstanding_thenTheSecondSaysSo() {
    var courier = courier(SETTINGS);

    courier.deliver("spring", List.of("a"));
    courier.deliver("summer", List.of("b"));
    courier.deliver("spring", List.of("c"));
    Sent a = entity.receiveMessage();
    Sent b = entity.receiveMessage();
    Sent c = entity.receiveMessage();

    assertEquals(a.id().seq(), c.id().lowestUnacked(), "spring still waits on its first batch");
    assertEquals(b.id().seq(), b.id().lowestUnacked(), "summer waits on nothing older");
    a.ack();
    b.ack();
    // c is sent again; now nothing older is outstanding for spring
    Sent cAgain = entity.fishForMessage(Duration.ofSeconds(5), m -> m.batches().size() == 1
        && m.id().seq() == c.id().seq()
        ? FishingOutcomes.complete()
        : FishingOutcomes.continueAndIgnore())
        .get(0);
    assertEquals(c.id().seq(), cAgain.id().lowestUnacked());
    cAgain.ack();
  }

  @Test
  void givenSeveralBatchesDueForOneEntity_whenSentAgain_thenTogetherUpToTheItemLimit() {
    var courier = courier(SETTINGS);
    courier.deliver("spring", List.of("a", "b"));
    courier.deliver("spring", List.of("c"));
    courier.deliver("spring", List.of("d"));
    entity.receiveSeveralMessages(3); // the first sends, all lost

    Sent first = entity.receiveMessage(Duration.ofSeconds(5));
    Sent second = entity.receiveMessage(Duration.ofSeconds(5));

    assertEquals(List.of("a", "b", "c"), first.items(), "two batches, three items: the limit");
    assertEquals(2, first.batches().size());
    assertEquals(List.of("d"), second.items());
    first.ack();
    second.ack();
    entity.expectNoMessage(Duration.ofMillis(900));
  }

  @Test
  void givenOutstandingBatch_whenDrained_thenDrainCompletesOnlyAfterTheAcknowledgement()
      throws Exception {
    var courier = courier(SETTINGS);
    courier.deliver("spring", List.of("a"));
    Sent sent = entity.receiveMessage();

    CompletableFuture<?> drained = courier.drain();
    entity.receiveMessage(Duration.ofSeconds(5)); // a resend; still not acknowledged

    assertFalse(drained.isDone());
    sent.ack();
    drained.get(5, TimeUnit.SECONDS);
    assertEquals(0, courier.outstandingItems());
  }

  @Test
  void givenEntityThatNeverAnswers_whenGiveUpTimePassed_thenTheBatchIsDroppedAndCounted()
      throws InterruptedException {
    var sends = new AtomicInteger();
    var courier = new Courier<String>(testKit.system(), "silent", new Courier.Settings(
        Duration.ofMillis(100), Duration.ofMillis(50), MAX_RESEND_ITEMS, Duration.ofMillis(400),
        Duration.ofSeconds(5)), (entityId, batches, replyTo) -> sends.incrementAndGet());

    courier.deliver("spring", List.of("a", "b", "c"));

    entity.awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(0, courier.outstandingItems());
      return null;
    });
    int sentBeforeGivingUp = sends.get();
    assertTrue(sentBeforeGivingUp >= 2, "sent, then sent again before giving up");
    Thread.sleep(500);
    assertEquals(sentBeforeGivingUp, sends.get(), "not sent after giving up");
  }
}
