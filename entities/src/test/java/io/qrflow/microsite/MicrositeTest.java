package io.qrflow.microsite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qrflow.common.Deliveries;
import io.qrflow.common.EventTags;
import io.qrflow.common.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicrositeTest {

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final String ALICE = "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a001";
  private static final String BOB = "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a002";
  private static final int MAX_BATCH = 4;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
  private static final AtomicInteger slugs = new AtomicInteger();
  private static final List<Block> BLOCKS = List.of(
      new Block.Heading("Welcome", 1),
      new Block.Markdown("We bake **bread** daily."),
      new Block.Link("Order online", "https://bakery.example/order"),
      new Block.Image("https://bakery.example/loaf.jpg", "a loaf"),
      new Block.Contact("Ada Baker", "Ada's Bakery", "Owner", "+49 30 1234567", "ada@bakery.example",
          "https://bakery.example", "Main St 1, Berlin"),
      new Block.Social(List.of(new Block.SocialLink("instagram", "https://instagram.com/adabakes"))),
      new Block.QrEmbed("spring-sale", "Scan for the spring sale"));

  private String slug;
  private TestProbe<Topic.Command<PageUpdate>> pages;
  private EventSourcedBehaviorTestKit<Microsite.Command, Microsite.Event, Microsite.State> site;

  @BeforeEach
  void newEntity() {
    pages = testKit.createTestProbe();
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    slug = "bakery-" + slugs.incrementAndGet();
    var settings = new Microsite.Settings(MAX_BATCH, Duration.ofHours(1), 100, 3, 10,
        new EventTags("microsite", 20), 64);
    site = EventSourcedBehaviorTestKit.create(testKit.system(),
        Microsite.create(slug, settings, pages.ref(), CLOCK, shard.ref()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void givenNoSite_whenCreatedWithEveryBlockKind_thenVersionOneUnpublishedWithDefaultTheme() {
    var result = create(ALICE);

    assertTrue(result.reply().isSuccess(), () -> result.reply().toString());
    var details = result.reply().getValue();
    assertEquals(1, details.version());
    assertFalse(details.published());
    assertEquals(Theme.DEFAULT, details.theme());
    assertEquals(BLOCKS, details.blocks());
    assertEquals("created", details.versions().get(0).change());
  }

  @Test
  void givenSite_whenCreatedAgainByAnyone_thenConflictAndNothingPersisted() {
    create(ALICE);
    var again = create(BOB);

    assertTrue(again.hasNoEvents());
    assertEquals(Rejection.Kind.CONFLICT, rejection(again.reply()).kind());
  }

  @Test
  void givenNoSite_whenCreatedWithScriptUrlsOrBadTheme_thenInvalidNamingEveryFieldAndNothingPersisted() {
    var result = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.CreateMicrosite(
        ALICE, "Bakery", null, new Theme("red", "#ffffff", "#000000", "comic", "centered"),
        List.of(new Block.Link("x", "javascript:alert(1)"), new Block.Image("data:image/png;base64,AA", null),
            new Block.Heading("", 7)), r));

    assertTrue(result.hasNoEvents());
    String detail = rejection(result.reply()).detail();
    for (String field : List.of("theme.primaryColor", "theme.font", "blocks[0].url", "blocks[1].url",
        "blocks[2].text", "blocks[2].level")) {
      assertTrue(detail.contains(field), field + " in: " + detail);
    }
  }

  @Test
  void givenSlugThatIsReservedOrMalformed_whenCreated_thenInvalid() {
    for (String bad : List.of("api", "-x-", "UPPER")) {
      var kit = EventSourcedBehaviorTestKit.<Microsite.Command, Microsite.Event, Microsite.State>create(
          testKit.system(), Microsite.create(bad, new Microsite.Settings(MAX_BATCH, Duration.ofHours(1),
              100, 3, 10, new EventTags("microsite", 20), 64), pages.ref(), CLOCK,
              testKit.<ClusterSharding.ShardCommand>createTestProbe().ref()));
      var result = kit.<StatusReply<Microsite.Details>>runCommand(
          r -> new Microsite.CreateMicrosite(ALICE, "T", null, null, List.of(), r));
      assertEquals(Rejection.Kind.INVALID, rejection(result.reply()).kind(), bad);
    }
  }

  @Test
  void givenAlicesSite_whenBobReadsChangesPublishesOrDeletes_thenNotFoundAndNothingChanges() {
    create(ALICE);

    var replies = List.of(
        site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.GetMicrosite(BOB, r)),
        site.<StatusReply<Microsite.Details>>runCommand(
            r -> new Microsite.UpdateMicrosite(BOB, "Hacked", null, null, null, null, r)),
        site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.SetPublished(BOB, true, r)),
        site.<StatusReply<Microsite.Details>>runCommand(
            r -> new Microsite.RequestGeneration(BOB, "req", "a bakery", null, null, r)));
    var delete = site.<StatusReply<Done>>runCommand(r -> new Microsite.DeleteMicrosite(BOB, r));

    for (var result : replies) {
      assertEquals(Rejection.Kind.NOT_FOUND, rejection(result.reply()).kind());
      assertTrue(result.hasNoEvents());
    }
    assertEquals(Rejection.Kind.NOT_FOUND, rejection(delete.reply()).kind());
    assertEquals("Bakery", delete.state().title());
  }

  @Test
  void givenSite_whenUpdatedTwice_thenVersionsGrowHistoryIsBoundedAndPageFollowsPublishing() {
    create(ALICE);
    var unpublished = site.<Microsite.Page>runCommand(Microsite.GetPage::new);
    assertFalse(unpublished.reply().found());

    publish(true);
    pages.receiveMessage();
    update("Bakery v2");
    update("Bakery v3");
    var last = update("Bakery v4");

    var details = last.reply().getValue();
    assertEquals(4, details.version());
    assertEquals(4, details.publishedVersion(), "a published site shows its newest version");
    assertEquals(List.of(2, 3, 4), details.versions().stream().map(Microsite.Version::number).toList());
    var page = site.<Microsite.Page>runCommand(Microsite.GetPage::new).reply();
    assertTrue(page.found());
    assertEquals("Bakery v4", page.title());
    assertEquals(3, pages.receiveSeveralMessages(3).size(), "every change announced to the edges");

    publish(false);
    assertFalse(site.<Microsite.Page>runCommand(Microsite.GetPage::new).reply().found());
  }

  @Test
  void givenSite_whenUpdateChangesNothing_thenNoEventAndSameVersion() {
    create(ALICE);
    var result = site.<StatusReply<Microsite.Details>>runCommand(
        r -> new Microsite.UpdateMicrosite(ALICE, "Bakery", null, null, BLOCKS, null, r));

    assertTrue(result.hasNoEvents());
    assertEquals(1, result.reply().getValue().version());
  }

  @Test
  void givenPendingGeneration_whenAnswered_thenDraftReadyAndAcceptedAsNewVersion() {
    create(ALICE);
    requestGeneration("req-1");
    var draft = new Microsite.Draft("Fresh bread", "Baked at dawn", List.of(new Block.Heading("Hi", 2)));

    var completed = site.<StatusReply<Done>>runCommand(
        r -> new Microsite.CompleteGeneration("req-1", true, null, "template", draft, r));
    var repeated = site.<StatusReply<Done>>runCommand(
        r -> new Microsite.CompleteGeneration("req-1", true, null, "template", draft, r));

    assertTrue(completed.reply().isSuccess());
    assertEquals(Microsite.GenerationStatus.READY, completed.state().generation().status());
    assertTrue(repeated.hasNoEvents(), "a redelivered answer changes nothing");
    var accepted = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.AcceptDraft(ALICE, r));
    var details = accepted.reply().getValue();
    assertEquals("Fresh bread", details.title());
    assertEquals("Baked at dawn", details.tagline());
    assertEquals(2, details.version());
    assertEquals(Microsite.GENERATED, details.versions().get(1).change());
    assertEquals(Microsite.GenerationStatus.NONE, details.generation().status());
  }

  @Test
  void givenNewerRequest_whenOlderAnswerArrives_thenIgnored_andErrorAnswerShowsFailedUntilDiscarded() {
    create(ALICE);
    requestGeneration("old");
    requestGeneration("new");

    var stale = site.<StatusReply<Done>>runCommand(r -> new Microsite.CompleteGeneration(
        "old", true, null, "template", new Microsite.Draft("T", null, List.of()), r));
    assertTrue(stale.hasNoEvents());
    var failed = site.<StatusReply<Done>>runCommand(r -> new Microsite.CompleteGeneration(
        "new", false, "model timed out", "openai", null, r));

    assertEquals(Microsite.GenerationStatus.FAILED, failed.state().generation().status());
    assertEquals("model timed out", failed.state().generation().error());
    var accept = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.AcceptDraft(ALICE, r));
    assertEquals(Rejection.Kind.CONFLICT, rejection(accept.reply()).kind());
    var discarded = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.DiscardDraft(ALICE, r));
    assertEquals(Microsite.GenerationStatus.NONE, discarded.reply().getValue().generation().status());
  }

  @Test
  void givenAnswerWithUnsafeContent_whenCompleted_thenFailedAndNoDraft() {
    create(ALICE);
    requestGeneration("req");
    var unsafe = new Microsite.Draft("T", null, List.of(new Block.Link("click", "javascript:alert(1)")));

    var result = site.<StatusReply<Done>>runCommand(
        r -> new Microsite.CompleteGeneration("req", true, null, "openai", unsafe, r));

    assertEquals(Microsite.GenerationStatus.FAILED, result.state().generation().status());
    assertEquals(null, result.state().generation().draft());
  }

  @Test
  void givenVisits_whenBatchFillsAndEntityRestarts_thenCountsSurviveAndPendingCountInDetails() {
    create(ALICE);
    publish(true);
    site.runCommand(recordVisits(List.of(view(1), view(2), click(3))));
    var pendingOnly = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.GetMicrosite(ALICE, r));
    assertEquals(2, pendingOnly.reply().getValue().views());
    assertEquals(1, pendingOnly.reply().getValue().clicks());
    assertTrue(pendingOnly.hasNoEvents(), "below max-batch nothing is written yet");

    var full = site.runCommand(recordVisits(List.of(view(4), view(5))));
    assertEquals(2, full.events().size(), "5 pending visits, max-batch 4: two batches");
    var batch = (Microsite.VisitsRecorded) full.events().get(0);
    assertEquals(MAX_BATCH, batch.visits().size());
    assertEquals(ALICE, batch.ownerId());

    site.restart();
    var after = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.GetMicrosite(ALICE, r));
    assertEquals(4, after.reply().getValue().views());
    assertEquals(1, after.reply().getValue().clicks());
    assertTrue(after.reply().getValue().published(), "state recovered from the journal");
  }

  @Test
  void givenVisitBatch_whenSentAgainAfterItWasPersisted_thenAcknowledgedAndCountedOnce() {
    create(ALICE);
    publish(true);
    TestProbe<Deliveries.Ack> acks = testKit.createTestProbe();
    var batch = new Microsite.RecordVisits(List.of(new Microsite.VisitBatch(
        new Deliveries.Id("edge-1", 3, 3), List.of(view(1), click(2)))), acks.ref());
    site.runCommand(batch);
    site.runCommand(Microsite.FlushVisits.INSTANCE);
    assertEquals(new Deliveries.Ack(3), acks.receiveMessage());

    site.restart();
    assertTrue(site.runCommand(batch).hasNoEvents());

    assertEquals(new Deliveries.Ack(3), acks.receiveMessage());
    var details = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.GetMicrosite(ALICE, r));
    assertEquals(1, details.reply().getValue().views());
    assertEquals(1, details.reply().getValue().clicks());
  }

  @Test
  void givenPendingVisits_whenPassivatedOrDeleted_thenFlushedFirst() {
    create(ALICE);
    site.runCommand(recordVisits(List.of(view(1))));
    var deleted = site.<StatusReply<Done>>runCommand(r -> new Microsite.DeleteMicrosite(ALICE, r));

    assertEquals(Microsite.VisitsRecorded.class, deleted.events().get(0).getClass());
    assertEquals(Microsite.MicrositeDeleted.class, deleted.events().get(1).getClass());
    assertFalse(site.<Microsite.Page>runCommand(Microsite.GetPage::new).reply().found());
    var recreated = create(BOB);
    assertTrue(recreated.reply().isSuccess(), "a deleted slug is free again");
    assertEquals(BOB, recreated.reply().getValue().ownerId());
    assertEquals(0, recreated.reply().getValue().views());
  }

  @Test
  void givenLinkedCodes_whenSetWithBadOrRepeatedCodes_thenInvalid_elseKept() {
    create(ALICE);
    var bad = site.<StatusReply<Microsite.Details>>runCommand(
        r -> new Microsite.UpdateMicrosite(ALICE, null, null, null, null, List.of("ok-code", "ok-code"), r));
    assertEquals(Rejection.Kind.INVALID, rejection(bad.reply()).kind());
    var good = site.<StatusReply<Microsite.Details>>runCommand(
        r -> new Microsite.UpdateMicrosite(ALICE, null, null, null, null, List.of("spring-sale"), r));
    assertEquals(List.of("spring-sale"), good.reply().getValue().linkedCodes());
  }

  private CommandResultWithReply<Microsite.Command, Microsite.Event, Microsite.State, StatusReply<Microsite.Details>> create(String owner) {
    return site.runCommand(r -> new Microsite.CreateMicrosite(owner, "Bakery", "Fresh daily", null, BLOCKS, r));
  }

  private CommandResultWithReply<Microsite.Command, Microsite.Event, Microsite.State, StatusReply<Microsite.Details>> update(String title) {
    return site.runCommand(r -> new Microsite.UpdateMicrosite(ALICE, title, null, null, null, null, r));
  }

  private void publish(boolean published) {
    var result = site.<StatusReply<Microsite.Details>>runCommand(r -> new Microsite.SetPublished(ALICE, published, r));
    assertTrue(result.reply().isSuccess());
  }

  private void requestGeneration(String requestId) {
    var result = site.<StatusReply<Microsite.Details>>runCommand(
        r -> new Microsite.RequestGeneration(ALICE, requestId, "a small bakery in Berlin", "friendly", "en", r));
    assertEquals(Microsite.GenerationStatus.PENDING, result.reply().getValue().generation().status());
  }

  private static final AtomicInteger batches = new AtomicInteger();

  /** An edge batch nobody waits on (numbered, as every batch is). */
  private static Microsite.RecordVisits recordVisits(List<Visit> visits) {
    return new Microsite.RecordVisits(List.of(new Microsite.VisitBatch(
        new Deliveries.Id("test-edge", batches.incrementAndGet(), 0), visits)), null);
  }

  private static Visit view(int second) {
    return new Visit(Visit.VIEW, null, CLOCK.instant().plusSeconds(second), "v" + second, "DE", "UA", null);
  }

  private static Visit click(int second) {
    return new Visit(Visit.CLICK, "https://bakery.example/order", CLOCK.instant().plusSeconds(second),
        "v" + second, null, "UA", null);
  }

  private static Rejection rejection(StatusReply<?> reply) {
    assertTrue(reply.isError(), () -> "expected a rejection, got " + reply);
    return Rejection.decode(reply.getError().getMessage()).orElseThrow();
  }
}
