package io.qrflow.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qrflow.common.Deliveries;
import io.qrflow.common.EventTags;
import io.qrflow.common.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QrCodeTest {

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final String ALICE = "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a001";
  private static final String BOB = "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a002";
  private static final int MAX_BATCH = 5;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  private static final Duration NOTIFY_INTERVAL = Duration.ofMillis(200);

  private static final AtomicInteger codes = new AtomicInteger();

  private String code;
  private QrCode.Settings settings;
  private TestProbe<Topic.Command<RouteUpdate>> routes;
  private TestProbe<ClusterSharding.ShardCommand> shard;
  private EventSourcedBehaviorTestKit<QrCode.Command, QrCode.Event, QrCode.State> qr;

  @BeforeEach
  void newEntity() {
    routes = testKit.createTestProbe();
    shard = testKit.createTestProbe();
    // A flush interval far away: batches here are cut by size, passivation or an explicit flush.
    code = "promo-" + codes.incrementAndGet();
    settings = new QrCode.Settings(MAX_BATCH, Duration.ofHours(1), 100, new EventTags("qr", 20),
        NOTIFY_INTERVAL, 64);
    qr = EventSourcedBehaviorTestKit.create(
        testKit.system(), QrCode.create(code, settings, routes.ref(), CLOCK, shard.ref()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void givenNoCode_whenCreated_thenActiveWithTargetInHistoryAndRoutePublished() {
    var result = create(ALICE, "https://example.com/a");

    assertTrue(result.reply().isSuccess());
    assertEquals(QrCode.Status.ACTIVE, result.reply().getValue().status());
    var created = result.eventOfType(QrCode.QrCodeCreated.class);
    assertEquals("https://example.com/a", created.target());
    assertEquals(List.of(new QrCode.TargetChange(CLOCK.instant(), null, "https://example.com/a")),
        result.state().targetHistory());
    assertPublished(QrCode.RouteStatus.ACTIVE, "https://example.com/a");
  }

  @Test
  void givenExistingCode_whenCreatedAgain_thenConflictAndNothingPersisted() {
    create(ALICE, "https://example.com/a");
    var again = create(BOB, "https://example.com/b");

    assertTrue(again.hasNoEvents());
    assertEquals(Rejection.Kind.CONFLICT, rejection(again.reply()).kind());
    assertEquals(ALICE, again.state().ownerId());
  }

  @Test
  void givenNoCode_whenCreatedWithScriptTarget_thenInvalidAndNothingPersisted() {
    var result = create(ALICE, "javascript:alert(1)");

    assertTrue(result.hasNoEvents());
    assertEquals(Rejection.Kind.INVALID, rejection(result.reply()).kind());
  }

  @Test
  void givenAlicesCode_whenBobReadsOrChangesIt_thenNotFoundAndNothingChanges() {
    create(ALICE, "https://example.com/a");

    var get = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.GetQrCode(BOB, r));
    var update = qr.<StatusReply<QrCode.Summary>>runCommand(
        r -> new QrCode.UpdateQrCode(BOB, "https://evil.example", null, null, null, null, r));
    var archive = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.ArchiveQrCode(BOB, r));
    var stats = qr.<StatusReply<QrCode.Stats>>runCommand(r -> new QrCode.GetStats(BOB, r));

    for (var reply : List.of(get.reply(), update.reply(), archive.reply(), stats.reply())) {
      assertEquals(Rejection.Kind.NOT_FOUND, rejection(reply).kind());
    }
    assertTrue(update.hasNoEvents() && archive.hasNoEvents());
    assertEquals("https://example.com/a", archive.state().target());
  }

  @Test
  void givenCode_whenTargetAndTitleChangeTogether_thenBothEventsAndHistoryGrows() {
    create(ALICE, "https://example.com/a");
    routes.receiveMessage();

    var result = qr.<StatusReply<QrCode.Summary>>runCommand(
        r -> new QrCode.UpdateQrCode(ALICE, "https://example.com/b", "Spring", List.of("print"), null, null, r));

    assertEquals(2, result.events().size());
    var changed = (QrCode.TargetChanged) result.events().get(0);
    assertEquals("https://example.com/a", changed.oldTarget());
    assertEquals("https://example.com/b", changed.newTarget());
    assertEquals("Spring", result.reply().getValue().title());
    assertEquals(2, result.state().targetHistory().size());
    assertPublished(QrCode.RouteStatus.ACTIVE, "https://example.com/b");
  }

  @Test
  void givenCode_whenPausedResumedArchived_thenRouteFollowsAndArchivedIsFrozen() {
    create(ALICE, "https://example.com/a");
    routes.receiveMessage();

    pause(true);
    assertPublished(QrCode.RouteStatus.PAUSED, null);
    pause(false);
    assertPublished(QrCode.RouteStatus.ACTIVE, "https://example.com/a");
    var archived = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.ArchiveQrCode(ALICE, r));
    assertEquals(QrCode.Status.ARCHIVED, archived.reply().getValue().status());
    assertPublished(QrCode.RouteStatus.ARCHIVED, null);

    var change = qr.<StatusReply<QrCode.Summary>>runCommand(
        r -> new QrCode.UpdateQrCode(ALICE, "https://example.com/c", null, null, null, null, r));
    assertEquals(Rejection.Kind.CONFLICT, rejection(change.reply()).kind());
    assertTrue(change.hasNoEvents());
  }

  @Test
  void givenCode_whenScansArriveBelowBatchSize_thenCountedInMemoryWithoutEvents() {
    create(ALICE, "https://example.com/a");

    for (int i = 0; i < MAX_BATCH - 1; i++) {
      assertTrue(qr.runCommand(recordScans(List.of(scan(i)))).hasNoEvents());
    }

    QrCode.Stats stats = stats();
    assertEquals(MAX_BATCH - 1, stats.totalScans());
    assertEquals(MAX_BATCH - 1, stats.pendingScans());
    assertEquals(0, stats.persistedScans());
  }

  @Test
  void givenPendingScans_whenBatchIsFull_thenOneEventCarriesTheWholeBatch() {
    create(ALICE, "https://example.com/a");
    for (int i = 0; i < MAX_BATCH - 1; i++) qr.runCommand(recordScans(List.of(scan(i))));

    var last = qr.runCommand(recordScans(List.of(scan(MAX_BATCH - 1))));

    var batch = last.eventOfType(QrCode.ScansRecorded.class);
    assertEquals(MAX_BATCH, batch.scans().size());
    assertEquals(ALICE, batch.ownerId());
    assertEquals(new QrCode.Stats(code, MAX_BATCH, MAX_BATCH, 0, scan(MAX_BATCH - 1).at()), stats());
  }

  @Test
  void givenALargeDelivery_whenFlushed_thenEventsAreCutAtTheBatchSize() {
    create(ALICE, "https://example.com/a");
    var scans = java.util.stream.IntStream.range(0, 2 * MAX_BATCH + 1).mapToObj(QrCodeTest::scan).toList();

    var result = qr.runCommand(recordScans(scans));

    assertEquals(List.of(MAX_BATCH, MAX_BATCH, 1), result.events().stream()
        .map(e -> ((QrCode.ScansRecorded) e).scans().size()).toList());
    assertEquals(2 * MAX_BATCH + 1, result.state().persistedScans());
  }

  @Test
  void givenPendingScans_whenFlushTimerFires_thenPersisted() {
    create(ALICE, "https://example.com/a");
    qr.runCommand(recordScans(List.of(scan(0))));
    qr.runCommand(recordScans(List.of(scan(1))));

    var flushed = qr.runCommand(QrCode.FlushScans.INSTANCE);

    assertEquals(2, flushed.eventOfType(QrCode.ScansRecorded.class).scans().size());
    assertTrue(qr.runCommand(QrCode.FlushScans.INSTANCE).hasNoEvents());
  }

  @Test
  void givenPendingScans_whenPassivated_thenFlushedBeforeStopping() {
    create(ALICE, "https://example.com/a");
    var entity = testKit.spawn(QrCode.create(code, settings, routes.ref(), CLOCK, shard.ref()));
    var watcher = testKit.createTestProbe();
    for (int i = 0; i < 3; i++) entity.tell(recordScans(List.of(scan(i))));

    entity.tell(QrCode.Passivate.INSTANCE);

    watcher.expectTerminated(entity);
    var recovered = qr.restart();
    assertEquals(3, recovered.state().persistedScans());
  }

  @Test
  void givenPendingScans_whenTheJournalWriteFails_thenTheyStayPendingAndTheNextFlushWritesThem() {
    create(ALICE, "https://example.com/a");
    var entity = testKit.spawn(QrCode.create(code, settings, routes.ref(), CLOCK, shard.ref()));
    TestProbe<StatusReply<QrCode.Stats>> stats = testKit.createTestProbe();
    for (int i = 0; i < 3; i++) entity.tell(recordScans(List.of(scan(i))));
    qr.persistenceTestKit().failNextPersisted();

    entity.tell(QrCode.FlushScans.INSTANCE); // the write fails: the entity restarts with backoff

    stats.awaitAssert(Duration.ofSeconds(10), () -> {
      entity.tell(QrCode.FlushScans.INSTANCE);
      entity.tell(new QrCode.GetStats(ALICE, stats.getRef()));
      QrCode.Stats s = stats.receiveMessage().getValue();
      assertEquals(3, s.persistedScans());
      return s;
    });
    entity.tell(new QrCode.GetStats(ALICE, stats.getRef()));
    QrCode.Stats s = stats.receiveMessage().getValue();
    assertEquals(3, s.totalScans(), "written once, not twice");
    assertEquals(0, s.pendingScans());
    assertEquals(3, qr.restart().state().persistedScans());
  }

  @Test
  void givenAcknowledgedBatch_whenReceived_thenAcknowledgedOnlyOncePersisted() {
    create(ALICE, "https://example.com/a");
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();

    qr.runCommand(delivery(acks, "edge-1", 0, 0, scan(0), scan(1)));
    acks.expectNoMessage(Duration.ofMillis(100));
    var flushed = qr.runCommand(QrCode.FlushScans.INSTANCE);

    assertEquals(List.of(new Deliveries.Id("edge-1", 0, 0)),
        flushed.eventOfType(QrCode.ScansRecorded.class).deliveries());
    assertEquals(new Deliveries.Ack(0), acks.receiveMessage());
  }

  @Test
  void givenBatchSentTwiceBeforeTheFlush_whenFlushed_thenCountedOnceAndAcknowledgedToBoth() {
    create(ALICE, "https://example.com/a");
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();

    qr.runCommand(delivery(acks, "edge-1", 0, 0, scan(0), scan(1)));
    qr.runCommand(delivery(acks, "edge-1", 0, 0, scan(0), scan(1)));
    qr.runCommand(QrCode.FlushScans.INSTANCE);

    assertEquals(2, stats().totalScans());
    assertEquals(new Deliveries.Ack(0), acks.receiveMessage());
    assertEquals(new Deliveries.Ack(0), acks.receiveMessage());
  }

  @Test
  void givenPendingBatch_whenSentAgainWithANewerLowestUnacked_thenStillCountedOnce() {
    create(ALICE, "https://example.com/a");
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();

    qr.runCommand(delivery(acks, "edge-1", 5, 3, scan(0), scan(1)));
    // batches 3 and 4 were acknowledged meanwhile: the resend of 5 says so
    qr.runCommand(delivery(acks, "edge-1", 5, 5, scan(0), scan(1)));
    var flushed = qr.runCommand(QrCode.FlushScans.INSTANCE);

    assertEquals(2, flushed.eventOfType(QrCode.ScansRecorded.class).scans().size());
    assertEquals(1, flushed.eventOfType(QrCode.ScansRecorded.class).deliveries().size());
    assertEquals(2, stats().totalScans());
  }

  @Test
  void givenPersistedBatch_whenSentAgainAfterARestart_thenAcknowledgedAtOnceAndNotCounted() {
    create(ALICE, "https://example.com/a");
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();
    qr.runCommand(delivery(acks, "edge-1", 0, 0, scan(0), scan(1)));
    qr.runCommand(delivery(acks, "edge-1", 1, 0, scan(2)));
    qr.runCommand(QrCode.FlushScans.INSTANCE);
    acks.receiveSeveralMessages(2);

    // the entity moved (hand-off, crash): the batch the edge saw no acknowledgement for comes again
    qr.restart();
    var resent = qr.runCommand(delivery(acks, "edge-1", 0, 0, scan(0), scan(1)));

    assertTrue(resent.hasNoEvents());
    assertEquals(new Deliveries.Ack(0), acks.receiveMessage());
    assertEquals(3, stats().totalScans());
    assertEquals(0, stats().pendingScans());
  }

  @Test
  void givenPendingBatch_whenAnotherIncarnationWroteItAndOurWriteFails_thenCountedOnceAndAcknowledged() {
    create(ALICE, "https://example.com/a");
    var entity = testKit.spawn(QrCode.create(code, settings, routes.ref(), CLOCK, shard.ref()));
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();
    TestProbe<StatusReply<QrCode.Stats>> stats = testKit.createTestProbe();
    entity.tell(delivery(acks, "edge-1", 7, 7, scan(0), scan(1)));
    entity.tell(delivery(acks, "edge-1", 8, 7, scan(2)));
    // during a hand-off the code's next incarnation got batch 7 too, and wrote it first
    qr.persistenceTestKit().persistForRecovery("QrCode|" + code, List.of(new QrCode.ScansRecorded(
        code, ALICE, List.of(scan(0), scan(1)), List.of(new Deliveries.Id("edge-1", 7, 7)))));
    qr.persistenceTestKit().failNextPersisted();

    entity.tell(QrCode.FlushScans.INSTANCE); // fails (in the journal: a sequence number clash)

    assertEquals(new Deliveries.Ack(7), acks.receiveMessage(Duration.ofSeconds(10)));
    entity.tell(QrCode.FlushScans.INSTANCE);
    assertEquals(new Deliveries.Ack(8), acks.receiveMessage(Duration.ofSeconds(10)));
    entity.tell(new QrCode.GetStats(ALICE, stats.getRef()));
    QrCode.Stats s = stats.receiveMessage().getValue();
    assertEquals(3, s.totalScans(), "batch 7 counted once");
    assertEquals(3, s.persistedScans());
  }

  @Test
  void givenBatchesSentAgainTogether_whenSomeAreCountedAlready_thenOnlyTheOthersCount() {
    create(ALICE, "https://example.com/a");
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();
    qr.runCommand(delivery(acks, "edge-1", 1, 1, scan(0)));
    qr.runCommand(QrCode.FlushScans.INSTANCE);
    acks.receiveMessage();
    qr.runCommand(delivery(acks, "edge-1", 2, 1, scan(1)));

    // 1 is persisted, 2 pending, 3 new: the edge saw no acknowledgement for any of them
    qr.runCommand(new QrCode.RecordScans(List.of(
        new QrCode.ScanBatch(new Deliveries.Id("edge-1", 1, 1), List.of(scan(0))),
        new QrCode.ScanBatch(new Deliveries.Id("edge-1", 2, 1), List.of(scan(1))),
        new QrCode.ScanBatch(new Deliveries.Id("edge-1", 3, 1), List.of(scan(2), scan(3)))),
        acks.ref()));
    assertEquals(new Deliveries.Ack(1), acks.receiveMessage());
    qr.runCommand(QrCode.FlushScans.INSTANCE);

    assertEquals(4, qr.restart().state().persistedScans());
    assertEquals(Set.of(new Deliveries.Ack(2), new Deliveries.Ack(3)),
        Set.copyOf(acks.receiveSeveralMessages(3)));
  }

  @Test
  void givenBatchesFromTwoEdges_whenTheSameNumberArrives_thenBothCounted() {
    create(ALICE, "https://example.com/a");
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();

    qr.runCommand(delivery(acks, "edge-1", 0, 0, scan(0)));
    qr.runCommand(delivery(acks, "edge-2", 0, 0, scan(1)));
    qr.runCommand(QrCode.FlushScans.INSTANCE);

    assertEquals(2, qr.restart().state().persistedScans());
  }

  @Test
  void givenUnknownCode_whenScansDelivered_thenAcknowledgedSoTheEdgeStopsSending() {
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();

    var result = qr.runCommand(delivery(acks, "edge-1", 4, 4, scan(0)));

    assertTrue(result.hasNoEvents());
    assertEquals(new Deliveries.Ack(4), acks.receiveMessage());
  }

  @Test
  void givenScansRecordedWithDeliveries_whenSerialized_thenRoundTrips() {
    new SerializationTestKit(testKit.system()).verifySerialization(new QrCode.ScansRecorded(code,
        ALICE, List.of(scan(0)), List.of(new Deliveries.Id("edge-1", 3, 2))), true);
  }

  @Test
  void givenPendingScans_whenTheFlushBeforeStoppingFails_thenItFlushesAndStopsAfterTheRestart() {
    create(ALICE, "https://example.com/a");
    var entity = testKit.spawn(QrCode.create(code, settings, routes.ref(), CLOCK, shard.ref()));
    var watcher = testKit.createTestProbe();
    for (int i = 0; i < 3; i++) entity.tell(recordScans(List.of(scan(i))));
    qr.persistenceTestKit().failNextPersisted();

    entity.tell(QrCode.Passivate.INSTANCE); // a hand-off while the database is away

    watcher.expectTerminated(entity, Duration.ofSeconds(10));
    assertEquals(3, qr.restart().state().persistedScans(), "written before stopping, once");
  }

  @Test
  void givenHistoryAndScans_whenRestarted_thenStateRecoveredFromJournal() {
    create(ALICE, "https://example.com/a");
    qr.<StatusReply<QrCode.Summary>>runCommand(
        r -> new QrCode.UpdateQrCode(ALICE, "https://example.com/b", null, null, null, null, r));
    for (int i = 0; i < MAX_BATCH; i++) qr.runCommand(recordScans(List.of(scan(i))));
    QrCode.State before = qr.getState();

    var restarted = qr.restart();

    assertEquals(before, restarted.state());
    assertEquals(MAX_BATCH, restarted.state().persistedScans());
    assertEquals(2, restarted.state().targetHistory().size());
  }

  @Test
  void givenUnknownCode_whenRouteAsked_thenNotFoundAndTheShardIsAskedToPassivate() {
    var route = qr.<QrCode.Route>runCommand(QrCode.GetRoute::new);

    assertEquals(QrCode.Route.NOT_FOUND, route.reply());
    assertTrue(route.hasNoEvents());
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());
  }

  @Test
  void givenWatcher_whenScansArrive_thenToldTheTotalAtOnceAndThenOncePerInterval() {
    create(ALICE, "https://example.com/a");
    TestProbe<QrCode.ScanCount> watcher = testKit.createTestProbe();

    assertTrue(qr.runCommand(new QrCode.WatchScans(ALICE, watcher.ref())).hasNoEvents());
    assertEquals(new QrCode.ScanCount(code, 0), watcher.receiveMessage());

    for (int i = 0; i < 3; i++) qr.runCommand(recordScans(List.of(scan(i))));
    assertEquals(new QrCode.ScanCount(code, 3), watcher.receiveMessage(NOTIFY_INTERVAL.multipliedBy(5)));
    watcher.expectNoMessage(NOTIFY_INTERVAL.multipliedBy(2));

    qr.runCommand(recordScans(List.of(scan(3))));
    assertEquals(new QrCode.ScanCount(code, 4), watcher.receiveMessage(NOTIFY_INTERVAL.multipliedBy(5)));
  }

  @Test
  void givenWatcherRegisteredTwice_whenScansArrive_thenToldOnce() {
    create(ALICE, "https://example.com/a");
    TestProbe<QrCode.ScanCount> watcher = testKit.createTestProbe();
    qr.runCommand(new QrCode.WatchScans(ALICE, watcher.ref()));
    qr.runCommand(new QrCode.WatchScans(ALICE, watcher.ref()));
    watcher.receiveSeveralMessages(2);

    qr.runCommand(recordScans(List.of(scan(0), scan(1))));

    assertEquals(new QrCode.ScanCount(code, 2), watcher.receiveMessage(NOTIFY_INTERVAL.multipliedBy(5)));
    watcher.expectNoMessage(NOTIFY_INTERVAL.multipliedBy(2));
  }

  @Test
  void givenBobWatchesAlicesCode_whenScansArrive_thenBobIsToldNothing() {
    create(ALICE, "https://example.com/a");
    TestProbe<QrCode.ScanCount> bob = testKit.createTestProbe();

    qr.runCommand(new QrCode.WatchScans(BOB, bob.ref()));
    qr.runCommand(recordScans(List.of(scan(0))));

    bob.expectNoMessage(NOTIFY_INTERVAL.multipliedBy(3));
  }

  @Test
  void givenWatcherThatStopped_whenScansArrive_thenOthersAreStillTold() {
    create(ALICE, "https://example.com/a");
    TestProbe<QrCode.ScanCount> gone = testKit.createTestProbe();
    TestProbe<QrCode.ScanCount> staying = testKit.createTestProbe();
    qr.runCommand(new QrCode.WatchScans(ALICE, gone.ref()));
    qr.runCommand(new QrCode.WatchScans(ALICE, staying.ref()));
    gone.stop();
    staying.receiveMessage();

    qr.runCommand(recordScans(List.of(scan(0))));

    assertEquals(new QrCode.ScanCount(code, 1), staying.receiveMessage(NOTIFY_INTERVAL.multipliedBy(5)));
  }

  @Test
  void givenStyle_whenCreated_thenStyledEventAndStyleInSummaryAndRoute() {
    var result = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.CreateQrCode(
        ALICE, "https://example.com/a", null, List.of(), new QrStyle("#1A237E", null, "h"), r));

    QrStyle stored = new QrStyle("#1a237e", "#ffffff", "H");
    assertEquals(new QrCode.QrCodeStyled(code, ALICE, stored, CLOCK.instant()), result.events().get(1));
    assertEquals(stored, result.reply().getValue().style());
    assertEquals(Topic.publish(new RouteUpdate(code,
        new QrCode.Route(QrCode.RouteStatus.ACTIVE, "https://example.com/a", stored))),
        routes.receiveMessage());
    assertEquals(stored, qr.restart().state().style());
  }

  @Test
  void givenNoStyle_whenCreated_thenDefaultStyleAndNoStyledEvent() {
    var result = create(ALICE, "https://example.com/a");

    assertEquals(1, result.events().size());
    assertEquals(QrStyle.DEFAULT, result.reply().getValue().style());
  }

  @Test
  void givenBadStyle_whenCreated_thenInvalidAndNothingPersisted() {
    for (QrStyle bad : List.of(new QrStyle("red", null, null), new QrStyle(null, "#fffff", null),
        new QrStyle(null, null, "X"), new QrStyle("#ffffff", "#ffffff", "M"),
        new QrStyle("#eeeeee", null, null))) {
      var result = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.CreateQrCode(
          ALICE, "https://example.com/a", null, List.of(), bad, r));

      assertTrue(result.hasNoEvents(), bad.toString());
      assertEquals(Rejection.Kind.INVALID, rejection(result.reply()).kind());
    }
  }

  @Test
  void givenStyledCode_whenStyleUpdated_thenMergedFieldByFieldAndRoutePublished() {
    create(ALICE, "https://example.com/a");
    routes.receiveMessage();

    var result = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.UpdateQrCode(
        ALICE, null, null, null, null, new QrStyle(null, "#fff8e1", "Q"), r));

    QrStyle merged = new QrStyle("#000000", "#fff8e1", "Q");
    assertEquals(merged, result.eventOfType(QrCode.QrCodeStyled.class).style());
    assertEquals(merged, result.reply().getValue().style());
    assertEquals(Topic.publish(new RouteUpdate(code,
        new QrCode.Route(QrCode.RouteStatus.ACTIVE, "https://example.com/a", merged))),
        routes.receiveMessage());
    var same = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.UpdateQrCode(
        ALICE, null, null, null, null, new QrStyle("#000000", null, null), r));
    assertTrue(same.hasNoEvents(), "an unchanged style persists nothing");
  }

  @Test
  void givenStyledCode_whenUpdatedToLowContrast_thenInvalidAndStyleKept() {
    create(ALICE, "https://example.com/a");

    var result = qr.<StatusReply<QrCode.Summary>>runCommand(r -> new QrCode.UpdateQrCode(
        ALICE, "https://example.com/b", null, null, null, new QrStyle("#fefefe", null, null), r));

    assertTrue(result.hasNoEvents());
    assertEquals(Rejection.Kind.INVALID, rejection(result.reply()).kind());
    assertEquals("https://example.com/a", result.state().target());
  }

  @Test
  void givenSnapshotFromBeforeStyles_whenRead_thenDefaultStyle() throws Exception {
    create(ALICE, "https://example.com/a");
    var serialization = SerializationExtension.get(testKit.system());
    QrCode.State state = qr.getState();
    var serializer = serialization.findSerializerFor(state);
    String json = new String(serialization.serialize(state).get(), StandardCharsets.UTF_8);
    String old = json.replace(",\"style\":null", "");
    assertTrue(!old.contains("style"), old);
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, state);

    QrCode.State read = (QrCode.State) serialization
        .deserialize(old.getBytes(StandardCharsets.UTF_8), serializer.identifier(), manifest).get();

    assertEquals(state, read);
    assertEquals(QrStyle.DEFAULT, read.effectiveStyle());
  }

  @Test
  void givenStyledEvent_whenSerialized_thenRoundTrips() {
    new SerializationTestKit(testKit.system()).verifySerialization(
        new QrCode.QrCodeStyled(code, ALICE, new QrStyle("#1a237e", "#ffffff", "H"), CLOCK.instant()),
        true);
  }

  @Test
  void givenScanCount_whenSerialized_thenRoundTrips() {
    new SerializationTestKit(testKit.system()).verifySerialization(new QrCode.ScanCount(code, 7), true);
  }

  private CommandResultWithReply<QrCode.Command, QrCode.Event, QrCode.State, StatusReply<QrCode.Summary>>
      create(String owner, String target) {
    return qr.<StatusReply<QrCode.Summary>>runCommand(
        r -> new QrCode.CreateQrCode(owner, target, null, List.of(), null, r));
  }

  private static final AtomicInteger batches = new AtomicInteger();

  /** An edge batch nobody waits on (numbered, as every batch is). */
  private static QrCode.RecordScans recordScans(List<Scan> scans) {
    return new QrCode.RecordScans(List.of(new QrCode.ScanBatch(
        new Deliveries.Id("test-edge", batches.incrementAndGet(), 0), scans)), null);
  }

  private static QrCode.RecordScans delivery(TestProbe<Deliveries.Ack> acks, String edge, long seq,
      long lowestUnacked, Scan... scans) {
    return new QrCode.RecordScans(List.of(new QrCode.ScanBatch(
        new Deliveries.Id(edge, seq, lowestUnacked), List.of(scans))), acks.ref());
  }

  private void pause(boolean paused) {
    var result = qr.<StatusReply<QrCode.Summary>>runCommand(
        r -> new QrCode.UpdateQrCode(ALICE, null, null, null, paused, null, r));
    assertTrue(result.reply().isSuccess());
  }

  private QrCode.Stats stats() {
    return qr.<StatusReply<QrCode.Stats>>runCommand(r -> new QrCode.GetStats(ALICE, r)).reply().getValue();
  }

  private void assertPublished(QrCode.RouteStatus status, String target) {
    assertEquals(Topic.publish(new RouteUpdate(code, new QrCode.Route(status, target, QrStyle.DEFAULT))),
        routes.receiveMessage());
  }

  private static Rejection rejection(StatusReply<?> reply) {
    assertTrue(reply.isError(), "expected a rejection");
    return Rejection.decode(reply.getError().getMessage()).orElseThrow();
  }

  private static Scan scan(int i) {
    return new Scan(Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i), "visitor-" + i, "DE",
        "Mozilla/5.0", "news.example", "de-DE");
  }
}
