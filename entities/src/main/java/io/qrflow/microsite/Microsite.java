package io.qrflow.microsite;

import com.typesafe.config.Config;
import io.qrflow.common.Deliveries;
import io.qrflow.common.EventTags;
import io.qrflow.common.JsonSerializable;
import io.qrflow.common.PendingBatches;
import io.qrflow.common.Rejection;
import io.qrflow.qr.QrFields;
import io.qrflow.qr.ShortCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A microsite (small landing page at {@code /m/{slug}}), identified by its slug. States: not
 * created, live (published or not), deleted (a deleted slug may be created anew). Every content
 * change makes a new version in the version history. A generation request waits for the ml
 * service; its answer becomes a draft the owner accepts (a new version) or discards.
 *
 * <p>Page views and link clicks are counted in memory like QR scans: edges send them as numbered
 * {@link RecordVisits} batches, persisted as {@link VisitsRecorded} events when {@code max-batch}
 * is reached, after {@code flush-interval}, or before the entity stops, and acknowledged then; a
 * batch sent again is counted once (see {@link Deliveries}).
 *
 * <p>Every event carries one tag {@code microsite-<n>}. Page changes are announced on the {@link
 * PageUpdate#TOPIC} topic so edges drop cached pages at once.
 */
public final class Microsite extends
    EventSourcedBehaviorWithEnforcedReplies<Microsite.Command, Microsite.Event, Microsite.State> {

  // --- commands -------------------------------------------------------------------------------

  public sealed interface Command extends JsonSerializable {}

  /** Replies with the {@link Details}, or CONFLICT when the slug is taken. */
  public record CreateMicrosite(String ownerId, String title, String tagline, Theme theme,
      List<Block> blocks, ActorRef<StatusReply<Details>> replyTo) implements Command {}

  /** Changes whichever of title, tagline, theme, blocks and linked codes are non-null: one new
   * version. Replies with the {@link Details}. */
  public record UpdateMicrosite(String requesterId, String title, String tagline, Theme theme,
      List<Block> blocks, List<String> linkedCodes, ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  /** Publishes or unpublishes the current version. Replies with the {@link Details}. */
  public record SetPublished(String requesterId, boolean published,
      ActorRef<StatusReply<Details>> replyTo) implements Command {}

  /** Deletes the microsite: its page is gone, its slug free. Replies with {@link Done}. */
  public record DeleteMicrosite(String requesterId, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Replies with the {@link Details} when the requester owns the microsite. */
  public record GetMicrosite(String requesterId, ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  /** Replies with the public {@link Page}; {@link Page#NOT_FOUND} unless published. */
  public record GetPage(ActorRef<Page> replyTo) implements Command {}

  /** Records a generation request for the ml service. Replies with the {@link Details}. */
  public record RequestGeneration(String requesterId, String requestId, String prompt, String tone,
      String language, ActorRef<StatusReply<Details>> replyTo) implements Command {}

  /**
   * The ml service's answer (through the micrositeupdates consumer): a draft, or an error.
   * Idempotent: an answer to any request but the pending one changes nothing. Replies {@link Done}.
   */
  public record CompleteGeneration(String requestId, boolean ok, String error, String generator,
      Draft draft, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Makes the draft the content (a new version). Replies with the {@link Details}. */
  public record AcceptDraft(String requesterId, ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  /** Drops the draft. Replies with the {@link Details}. */
  public record DiscardDraft(String requesterId, ActorRef<StatusReply<Details>> replyTo)
      implements Command {}

  /**
   * Counts page views and link clicks: edge batches, each acknowledged to {@code replyTo} (if
   * any) once persisted, counted once however often it is sent.
   */
  public record RecordVisits(List<VisitBatch> batches, ActorRef<Deliveries.Ack> replyTo)
      implements Command {}

  /** One edge batch of visits. */
  public record VisitBatch(Deliveries.Id id, List<Visit> visits) implements JsonSerializable {}

  /** Timer message: persist the pending visits. No reply. */
  public enum FlushVisits implements Command {
    INSTANCE
  }

  /** Sharding's stop message: flush pending visits, then stop. */
  public enum Passivate implements Command {
    INSTANCE
  }

  // --- replies and values ---------------------------------------------------------------------

  public enum GenerationStatus {
    NONE,
    PENDING,
    READY,
    FAILED
  }

  /** Generated content waiting for the owner. */
  public record Draft(String title, String tagline, List<Block> blocks) implements JsonSerializable {}

  public record Generation(GenerationStatus status, String requestId, String prompt,
      String generator, String error, Draft draft, Instant at) implements JsonSerializable {
    static final Generation NONE = new Generation(GenerationStatus.NONE, null, null, null, null, null, null);
  }

  /** The change of a version made from an accepted draft. */
  public static final String GENERATED = "generated";

  /** One entry of the version history: what the version changed. */
  public record Version(int number, Instant at, String change) implements JsonSerializable {}

  public record Details(String slug, String ownerId, String title, String tagline, Theme theme,
      List<Block> blocks, List<String> linkedCodes, boolean published, int version,
      int publishedVersion, List<Version> versions, Generation generation, long views, long clicks,
      Instant createdAt, Instant updatedAt) implements JsonSerializable {}

  /** What a visitor sees. {@code found} is false for unknown, deleted and unpublished sites. */
  public record Page(boolean found, String slug, String ownerId, String title, String tagline,
      Theme theme, List<Block> blocks, int version) implements JsonSerializable {
    public static final Page NOT_FOUND = new Page(false, null, null, null, null, null, List.of(), 0);
  }

  // --- events ---------------------------------------------------------------------------------

  public sealed interface Event extends JsonSerializable {
    String slug();
  }

  public record MicrositeCreated(String slug, String ownerId, String title, String tagline,
      Theme theme, List<Block> blocks, Instant at) implements Event {}

  /** A new version: the whole content after the change, and what changed. */
  public record ContentChanged(String slug, String ownerId, int version, String change,
      String title, String tagline, Theme theme, List<Block> blocks, List<String> linkedCodes,
      Instant at) implements Event {}

  public record MicrositePublished(String slug, String ownerId, int version, Instant at)
      implements Event {}

  public record MicrositeUnpublished(String slug, String ownerId, int version, Instant at)
      implements Event {}

  public record MicrositeDeleted(String slug, String ownerId, Instant at) implements Event {}

  public record GenerationRequested(String slug, String ownerId, String requestId, String prompt,
      String tone, String language, Instant at) implements Event {}

  public record GenerationCompleted(String slug, String ownerId, String requestId, boolean ok,
      String error, String generator, Draft draft, Instant at) implements Event {}

  public record DraftDiscarded(String slug, String ownerId, String requestId, Instant at)
      implements Event {}

  /**
   * One batch of page views and clicks; at most {@code max-batch} visits. {@code deliveries}: the
   * edge batches this write holds (null in events from before).
   */
  public record VisitsRecorded(
      String slug, String ownerId, List<Visit> visits, List<Deliveries.Id> deliveries)
      implements Event {
    public VisitsRecorded(String slug, String ownerId, List<Visit> visits) {
      this(slug, ownerId, visits, List.of());
    }
  }

  // --- state ----------------------------------------------------------------------------------

  public record State(String ownerId, boolean deleted, String title, String tagline, Theme theme,
      List<Block> blocks, List<String> linkedCodes, boolean published, int version,
      int publishedVersion, List<Version> versions, Generation generation, long views,
      long clicks, Instant createdAt, Instant updatedAt, Deliveries deliveries)
      implements JsonSerializable {

    static final State EMPTY = new State(null, false, null, null, null, List.of(), List.of(),
        false, 0, 0, List.of(), Generation.NONE, 0, 0, null, null, Deliveries.NONE);

    /** Edge batches already counted (snapshots from before acknowledged delivery have none). */
    Deliveries counted() {
      return deliveries == null ? Deliveries.NONE : deliveries;
    }

    boolean isLive() {
      return ownerId != null && !deleted;
    }

    boolean isOwnedBy(String userId) {
      return Objects.equals(ownerId, userId);
    }

    State withContent(ContentChanged e, int maxVersions) {
      var history = new ArrayList<>(versions);
      history.add(new Version(e.version(), e.at(), e.change()));
      List<Version> kept = history.subList(Math.max(0, history.size() - maxVersions), history.size());
      Generation after = GENERATED.equals(e.change()) ? Generation.NONE : generation;
      return new State(ownerId, false, e.title(), e.tagline(), e.theme(), e.blocks(),
          e.linkedCodes(), published, e.version(), published ? e.version() : publishedVersion,
          List.copyOf(kept), after, views, clicks, createdAt, e.at(), deliveries);
    }

    State withPublished(boolean now, Instant at) {
      return new State(ownerId, deleted, title, tagline, theme, blocks, linkedCodes, now, version,
          now ? version : publishedVersion, versions, generation, views, clicks, createdAt, at,
          deliveries);
    }

    State withGeneration(Generation g) {
      return new State(ownerId, deleted, title, tagline, theme, blocks, linkedCodes, published,
          version, publishedVersion, versions, g, views, clicks, createdAt, updatedAt, deliveries);
    }

    State withVisits(List<Visit> visits, List<Deliveries.Id> batches, int rememberedSenders) {
      long newClicks = visits.stream().filter(v -> Visit.CLICK.equals(v.kind())).count();
      long newViews = views + visits.size() - newClicks;
      return new State(ownerId, deleted, title, tagline, theme, blocks, linkedCodes, published,
          version, publishedVersion, versions, generation, newViews, clicks + newClicks,
          createdAt, updatedAt,
          counted().with(batches, newViews + clicks + newClicks, rememberedSenders));
    }

    State deleted(Instant at) {
      return new State(ownerId, true, title, tagline, theme, blocks, linkedCodes, false, version,
          publishedVersion, versions, Generation.NONE, views, clicks, createdAt, at, deliveries);
    }
  }

  // --- sharding -------------------------------------------------------------------------------

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Microsite");

  /** Settings from {@code qrflow.microsite}. */
  public record Settings(int maxBatch, Duration flushInterval, int snapshotEvery,
      int maxVersions, int maxLinkedCodes, EventTags tags, int rememberedSenders) {
    public static Settings fromConfig(Config config) {
      Config m = config.getConfig("qrflow.microsite");
      return new Settings(
          m.getInt("visit-batch.max-size"),
          m.getDuration("visit-batch.flush-interval"),
          m.getInt("snapshot-every"),
          m.getInt("max-versions"),
          m.getInt("max-linked-codes"),
          new EventTags("microsite", m.getInt("event-tags")),
          m.getInt("visit-batch.remembered-senders"));
    }
  }

  public static void init(ActorSystem<?> system, Settings settings,
      ActorRef<Topic.Command<PageUpdate>> pages) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx ->
            create(ctx.getEntityId(), settings, pages, Clock.systemUTC(), ctx.getShard()))
        .withStopMessage(Passivate.INSTANCE));
  }

  public static Behavior<Command> create(String slug, Settings settings,
      ActorRef<Topic.Command<PageUpdate>> pages, Clock clock,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Microsite(slug, settings,
        pages, clock, timers, () -> shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf())))));
  }

  // --- behavior -------------------------------------------------------------------------------

  private final String slug;
  private final Settings settings;
  private final ActorRef<Topic.Command<PageUpdate>> pages;
  private final Clock clock;
  private final TimerScheduler<Command> timers;
  private final Runnable passivate;
  /** Visits not yet persisted; edges send them again until acknowledged. */
  private final PendingBatches<Visit> pending = new PendingBatches<>();

  private Microsite(String slug, Settings settings, ActorRef<Topic.Command<PageUpdate>> pages,
      Clock clock, TimerScheduler<Command> timers, Runnable passivate) {
    super(PersistenceId.of(ENTITY_KEY.name(), slug));
    this.slug = slug;
    this.settings = settings;
    this.pages = pages;
    this.clock = clock;
    this.timers = timers;
    this.passivate = passivate;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(settings.tags().tagFor(slug));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var absent = newCommandHandlerWithReplyBuilder().forState(state -> !state.isLive());
    absent
        .onCommand(CreateMicrosite.class, this::onCreate)
        .onCommand(GetPage.class, c -> unknown().thenReply(c.replyTo(), s -> Page.NOT_FOUND))
        .onCommand(UpdateMicrosite.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(SetPublished.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(DeleteMicrosite.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(GetMicrosite.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(RequestGeneration.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        // An answer for a deleted site is acknowledged, so its consumer moves on.
        .onCommand(CompleteGeneration.class, c -> unknown().thenReply(c.replyTo(), s -> done()))
        .onCommand(AcceptDraft.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(DiscardDraft.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(Passivate.class, c -> Effect().stop().thenNoReply())
        // Visits of a site that does not exist cannot be counted; the sender must not retry.
        .onCommand(RecordVisits.class, c -> unknown()
            .thenRun(s -> c.batches().forEach(b -> PendingBatches.acknowledge(b.id(), c.replyTo())))
            .thenNoReply())
        .onAnyCommand(c -> unknown().thenNoReply()); // stray timers

    var live = newCommandHandlerWithReplyBuilder().forState(State::isLive);
    live
        .onCommand(CreateMicrosite.class, c -> Effect().reply(c.replyTo(),
            StatusReply.error(Rejection.conflict("slug '" + slug + "' is already taken"))))
        .onCommand(UpdateMicrosite.class, this::onUpdate)
        .onCommand(SetPublished.class, this::onSetPublished)
        .onCommand(DeleteMicrosite.class, this::onDelete)
        .onCommand(GetMicrosite.class, (s, c) -> owned(s, c.requesterId(), c.replyTo(),
            () -> Effect().reply(c.replyTo(), StatusReply.success(details(s)))))
        .onCommand(GetPage.class, (s, c) -> Effect().reply(c.replyTo(), page(s)))
        .onCommand(RequestGeneration.class, this::onRequestGeneration)
        .onCommand(CompleteGeneration.class, this::onCompleteGeneration)
        .onCommand(AcceptDraft.class, this::onAcceptDraft)
        .onCommand(DiscardDraft.class, this::onDiscardDraft)
        .onCommand(RecordVisits.class, this::onRecordVisits)
        .onCommand(FlushVisits.class, (s, c) -> flush(s).thenNoReply())
        .onCommand(Passivate.class, (s, c) -> flush(s).thenStop().thenNoReply());
    return absent.orElse(live).build();
  }

  private ReplyEffect<Event, State> onCreate(State state, CreateMicrosite c) {
    List<String> problems = new ArrayList<>();
    Slug.problemWith(slug).ifPresent(problems::add);
    if (c.title() == null || c.title().isBlank()) problems.add("title is required");
    problems.addAll(contentProblems(c.title(), c.tagline(), c.theme(), c.blocks(), null));
    if (!problems.isEmpty()) {
      return unknown().thenReply(c.replyTo(), s -> invalid(problems));
    }
    var event = new MicrositeCreated(slug, c.ownerId(), c.title(), c.tagline(),
        c.theme() == null ? Theme.DEFAULT : c.theme(),
        c.blocks() == null ? List.of() : List.copyOf(c.blocks()), clock.instant());
    return Effect().persist(event).thenReply(c.replyTo(), s -> StatusReply.success(details(s)));
  }

  private ReplyEffect<Event, State> onUpdate(State state, UpdateMicrosite c) {
    return owned(state, c.requesterId(), c.replyTo(), () -> {
      List<String> problems = contentProblems(c.title(), c.tagline(), c.theme(), c.blocks(),
          c.linkedCodes());
      if (c.title() != null && c.title().isBlank()) problems.add("title must not be blank");
      if (!problems.isEmpty()) return Effect().reply(c.replyTo(), invalid(problems));
      var changed = new ArrayList<String>();
      String title = pick(c.title(), state.title(), "title", changed);
      String tagline = pick(c.tagline(), state.tagline(), "tagline", changed);
      Theme theme = pick(c.theme(), state.theme(), "theme", changed);
      List<Block> blocks = pick(c.blocks() == null ? null : List.copyOf(c.blocks()),
          state.blocks(), "blocks", changed);
      List<String> codes = pick(c.linkedCodes() == null ? null : List.copyOf(c.linkedCodes()),
          state.linkedCodes(), "linkedCodes", changed);
      if (changed.isEmpty()) return Effect().reply(c.replyTo(), StatusReply.success(details(state)));
      var event = new ContentChanged(slug, state.ownerId(), state.version() + 1,
          String.join(",", changed), title, tagline, theme, blocks, codes, clock.instant());
      return Effect().persist(event).thenRun(this::announce)
          .thenReply(c.replyTo(), s -> StatusReply.success(details(s)));
    });
  }

  private ReplyEffect<Event, State> onSetPublished(State state, SetPublished c) {
    return owned(state, c.requesterId(), c.replyTo(), () -> {
      if (state.published() == c.published()) {
        return Effect().reply(c.replyTo(), StatusReply.success(details(state)));
      }
      Event event = c.published()
          ? new MicrositePublished(slug, state.ownerId(), state.version(), clock.instant())
          : new MicrositeUnpublished(slug, state.ownerId(), state.version(), clock.instant());
      return Effect().persist(event).thenRun(this::announce)
          .thenReply(c.replyTo(), s -> StatusReply.success(details(s)));
    });
  }

  private ReplyEffect<Event, State> onDelete(State state, DeleteMicrosite c) {
    return owned(state, c.requesterId(), c.replyTo(), () -> {
      timers.cancel(FlushVisits.INSTANCE);
      int batches = pending.batchCount();
      List<Event> events = new ArrayList<>(visitEvents(state, batches));
      events.add(new MicrositeDeleted(slug, state.ownerId(), clock.instant()));
      return Effect().persist(events).thenRun(s -> pending.written(batches))
          .thenRun(this::announce).thenReply(c.replyTo(), s -> done());
    });
  }

  private ReplyEffect<Event, State> onRequestGeneration(State state, RequestGeneration c) {
    return owned(state, c.requesterId(), c.replyTo(), () -> {
      var problems = GenerationPrompt.problems(c.prompt(), c.tone(), c.language());
      if (!problems.isEmpty()) return Effect().reply(c.replyTo(), invalid(problems));
      // A newer request replaces a pending one; the older answer will be ignored.
      return Effect().persist(new GenerationRequested(slug, state.ownerId(), c.requestId(),
              c.prompt().strip(), c.tone(), c.language(), clock.instant()))
          .thenReply(c.replyTo(), s -> StatusReply.success(details(s)));
    });
  }

  private ReplyEffect<Event, State> onCompleteGeneration(State state, CompleteGeneration c) {
    Generation g = state.generation();
    if (g.status() != GenerationStatus.PENDING || !Objects.equals(g.requestId(), c.requestId())) {
      return Effect().reply(c.replyTo(), done()); // stale or repeated answer
    }
    boolean ok = c.ok() && c.draft() != null && draftProblems(c.draft()).isEmpty();
    String error = ok ? null : c.ok() ? "the generated content was not valid" : c.error();
    return Effect().persist(new GenerationCompleted(slug, state.ownerId(), c.requestId(), ok,
            error, c.generator(), ok ? c.draft() : null, clock.instant()))
        .thenReply(c.replyTo(), s -> done());
  }

  private ReplyEffect<Event, State> onAcceptDraft(State state, AcceptDraft c) {
    return owned(state, c.requesterId(), c.replyTo(), () -> {
      Draft draft = state.generation().draft();
      if (state.generation().status() != GenerationStatus.READY || draft == null) {
        return Effect().reply(c.replyTo(), StatusReply.error(Rejection.conflict("no draft to accept")));
      }
      var event = new ContentChanged(slug, state.ownerId(), state.version() + 1, GENERATED,
          draft.title(), draft.tagline(), state.theme(), draft.blocks(), state.linkedCodes(),
          clock.instant());
      return Effect().persist(event).thenRun(this::announce)
          .thenReply(c.replyTo(), s -> StatusReply.success(details(s)));
    });
  }

  private ReplyEffect<Event, State> onDiscardDraft(State state, DiscardDraft c) {
    return owned(state, c.requesterId(), c.replyTo(), () -> {
      GenerationStatus status = state.generation().status();
      if (status != GenerationStatus.READY && status != GenerationStatus.FAILED) {
        return Effect().reply(c.replyTo(), StatusReply.error(Rejection.conflict("no draft to discard")));
      }
      return Effect().persist(new DraftDiscarded(slug, state.ownerId(),
              state.generation().requestId(), clock.instant()))
          .thenReply(c.replyTo(), s -> StatusReply.success(details(s)));
    });
  }

  private ReplyEffect<Event, State> onRecordVisits(State state, RecordVisits c) {
    c.batches().forEach(b -> pending.receive(state.counted(), b.id(), b.visits(), c.replyTo()));
    if (pending.itemCount() >= settings.maxBatch()) return flush(state).thenNoReply();
    if (!timers.isTimerActive(FlushVisits.INSTANCE)) {
      timers.startSingleTimer(FlushVisits.INSTANCE, FlushVisits.INSTANCE, settings.flushInterval());
    }
    return Effect().noReply();
  }

  /**
   * Persists the pending visits, if any. A failed write stops the entity; the edges send the
   * unacknowledged batches again to its next incarnation.
   */
  private EffectBuilder<Event, State> flush(State state) {
    timers.cancel(FlushVisits.INSTANCE);
    if (pending.isEmpty()) return Effect().none();
    int batches = pending.batchCount();
    return Effect().persist(visitEvents(state, batches)).thenRun(s -> pending.written(batches));
  }

  private List<Event> visitEvents(State state, int batches) {
    return pending.asEvents(batches, settings.maxBatch(),
        (visits, deliveries) -> new VisitsRecorded(slug, state.ownerId(), visits, deliveries));
  }

  // --- helpers --------------------------------------------------------------------------------

  /** What is wrong with page content; null parts are absent (unchanged) and fine. */
  public static List<String> pageProblems(String title, String tagline, Theme theme,
      List<Block> blocks) {
    List<String> problems = new ArrayList<>();
    QrFields.problemWithTitle(title).ifPresent(problems::add);
    QrFields.problemWithTitle(tagline).map(p -> p.replace("title", "tagline")).ifPresent(problems::add);
    if (theme != null) problems.addAll(theme.problems());
    problems.addAll(Block.problemsOf(blocks));
    return problems;
  }

  private List<String> contentProblems(String title, String tagline, Theme theme,
      List<Block> blocks, List<String> linkedCodes) {
    List<String> problems = pageProblems(title, tagline, theme, blocks);
    if (linkedCodes != null) {
      if (linkedCodes.size() > settings.maxLinkedCodes()) {
        problems.add("at most " + settings.maxLinkedCodes() + " linked codes are allowed");
      } else if (linkedCodes.stream().anyMatch(code -> !ShortCode.isWellFormed(code))) {
        problems.add("linkedCodes must match [A-Za-z0-9_-]{3,64}");
      } else if (linkedCodes.stream().distinct().count() != linkedCodes.size()) {
        problems.add("linkedCodes must not repeat");
      }
    }
    return problems;
  }

  private List<String> draftProblems(Draft draft) {
    List<String> problems = contentProblems(draft.title(), draft.tagline(), null, draft.blocks(), null);
    if (draft.title() == null || draft.title().isBlank()) problems.add("title is required");
    return problems;
  }

  private static <T> T pick(T requested, T current, String name, List<String> changed) {
    if (requested == null || requested.equals(current)) return current;
    changed.add(name);
    return requested;
  }

  private <T> ReplyEffect<Event, State> owned(State state, String requesterId,
      ActorRef<StatusReply<T>> replyTo, java.util.function.Supplier<ReplyEffect<Event, State>> then) {
    if (!state.isOwnedBy(requesterId)) return Effect().reply(replyTo, notFound());
    return then.get();
  }

  /** Nothing to do for a slug without a site: ask the shard to passivate this entity. */
  private EffectBuilder<Event, State> unknown() {
    return Effect().none().thenRun(s -> passivate.run());
  }

  private void announce(State state) {
    pages.tell(Topic.publish(new PageUpdate(slug)));
  }

  private <T> StatusReply<T> notFound() {
    return StatusReply.error(Rejection.notFound("no microsite '" + slug + "'"));
  }

  private static <T> StatusReply<T> invalid(List<String> problems) {
    return StatusReply.error(Rejection.invalid(String.join("; ", problems)));
  }

  private static StatusReply<Done> done() {
    return StatusReply.success(Done.getInstance());
  }

  private Page page(State s) {
    if (!s.published()) return Page.NOT_FOUND;
    return new Page(true, slug, s.ownerId(), s.title(), s.tagline(), s.theme(), s.blocks(), s.version());
  }

  private Details details(State s) {
    List<Visit> unwritten = pending.items();
    long pendingClicks = unwritten.stream().filter(v -> Visit.CLICK.equals(v.kind())).count();
    return new Details(slug, s.ownerId(), s.title(), s.tagline(), s.theme(), s.blocks(),
        s.linkedCodes(), s.published(), s.version(), s.publishedVersion(), s.versions(),
        s.generation(), s.views() + unwritten.size() - pendingClicks, s.clicks() + pendingClicks,
        s.createdAt(), s.updatedAt());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(MicrositeCreated.class, (s, e) -> new State(e.ownerId(), false, e.title(),
            e.tagline(), e.theme(), e.blocks(), List.of(), false, 1, 0,
            List.of(new Version(1, e.at(), "created")), Generation.NONE, 0, 0, e.at(), e.at(),
            s.counted()))
        .onEvent(ContentChanged.class, (s, e) -> s.withContent(e, settings.maxVersions()))
        .onEvent(MicrositePublished.class, (s, e) -> s.withPublished(true, e.at()))
        .onEvent(MicrositeUnpublished.class, (s, e) -> s.withPublished(false, e.at()))
        .onEvent(MicrositeDeleted.class, (s, e) -> s.deleted(e.at()))
        .onEvent(GenerationRequested.class, (s, e) -> s.withGeneration(new Generation(
            GenerationStatus.PENDING, e.requestId(), e.prompt(), null, null, null, e.at())))
        .onEvent(GenerationCompleted.class, (s, e) -> s.withGeneration(new Generation(
            e.ok() ? GenerationStatus.READY : GenerationStatus.FAILED, e.requestId(),
            s.generation().prompt(), e.generator(), e.error(), e.draft(), e.at())))
        .onEvent(DraftDiscarded.class, (s, e) -> s.withGeneration(Generation.NONE))
        .onEvent(VisitsRecorded.class, (s, e) ->
            s.withVisits(e.visits(), e.deliveries(), settings.rememberedSenders()))
        .build();
  }
}
