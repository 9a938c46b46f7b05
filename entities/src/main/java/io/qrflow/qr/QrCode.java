package io.qrflow.qr;

import com.typesafe.config.Config;
import io.qrflow.common.Deliveries;
import io.qrflow.common.EventTags;
import io.qrflow.common.PendingBatches;
import io.qrflow.common.JsonSerializable;
import io.qrflow.common.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilderByState;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A dynamic QR code, identified by its short code. States: not created, then active, paused or
 * archived. Its target can change after printing; every change is kept in the target history.
 *
 * <p>Scans are counted in memory: {@link RecordScans} is fire-and-forget, scans collect in a
 * pending batch that is persisted as one {@link ScansRecorded} event when it reaches {@code
 * max-batch}, when {@code flush-interval} has passed, or before the entity stops (passivation,
 * hand-off). The scan count is persisted total plus pending.
 *
 * <p>Every event carries one tag {@code qr-<n>} (see {@link EventTags}). Route changes are
 * published on the {@link RouteUpdate#TOPIC} topic so edge caches update at once.
 *
 * <p>Watchers ({@link WatchScans}, not persisted) are told the total scans when it changes, at most
 * once per {@code watch.notify-interval}; a watcher that stops is dropped. Watchers are lost when
 * the entity stops, so they re-register now and then.
 */
public final class QrCode
    extends EventSourcedBehaviorWithEnforcedReplies<QrCode.Command, QrCode.Event, QrCode.State> {

  // --- commands -------------------------------------------------------------------------------

  public sealed interface Command extends JsonSerializable {}

  /** Replies with the new {@link Summary}, or a CONFLICT rejection when the code exists. */
  public record CreateQrCode(
      String ownerId,
      String target,
      String title,
      List<String> tags,
      QrStyle style,
      ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /**
   * Changes whichever of target, title, tags, style (field by field) and paused are non-null,
   * atomically. Replies with the
   * new {@link Summary}.
   */
  public record UpdateQrCode(
      String requesterId,
      String target,
      String title,
      List<String> tags,
      Boolean paused,
      QrStyle style,
      ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /** Archives the code: scans get 410 from now on. Replies with the final {@link Summary}. */
  public record ArchiveQrCode(String requesterId, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /** Replies with the {@link Summary} when the requester owns the code. */
  public record GetQrCode(String requesterId, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /** Replies with the {@link Stats}, pending scans included. */
  public record GetStats(String requesterId, ActorRef<StatusReply<Stats>> replyTo)
      implements Command {}

  /** Replies with the {@link History} of targets. */
  public record GetHistory(String requesterId, ActorRef<StatusReply<History>> replyTo)
      implements Command {}

  /**
   * Replies with the {@link Route} for the edge's cache. An unknown code answers {@link
   * Route#NOT_FOUND} and stops at once, so probes leave no entity behind.
   */
  public record GetRoute(ActorRef<Route> replyTo) implements Command {}

  /**
   * Counts scans: the edge sends those of a few milliseconds together as one numbered batch (and
   * batches it sends again, several at once). Each batch is acknowledged to {@code replyTo} (if
   * any) once persisted; a batch sent again (the sender saw no acknowledgement in time) is
   * counted only once.
   */
  public record RecordScans(List<ScanBatch> batches, ActorRef<Deliveries.Ack> replyTo)
      implements Command {}

  /** One edge batch of scans. */
  public record ScanBatch(Deliveries.Id id, List<Scan> scans) implements JsonSerializable {}

  /**
   * Not persisted: {@code watcher} is told the current {@link ScanCount} at once and again when
   * scans arrive (at most once per notify interval) until it stops. Registering again is harmless.
   * Ignored unless the requester owns the code. No reply besides the counts.
   */
  public record WatchScans(String requesterId, ActorRef<ScanCount> watcher) implements Command {}

  /** Timer message: tell the watchers the current total. No reply. */
  public enum NotifyWatchers implements Command {
    INSTANCE
  }

  /** A watcher stopped (its stream ended): forget it. No reply. */
  public record WatcherStopped(ActorRef<ScanCount> watcher) implements Command {}

  /** Timer message: persist the pending batch. No reply. */
  public enum FlushScans implements Command {
    INSTANCE
  }

  /** Sharding's stop message (passivation, hand-off): flush pending scans, then stop. */
  public enum Passivate implements Command {
    INSTANCE
  }

  // --- replies --------------------------------------------------------------------------------

  public enum Status {
    ACTIVE,
    PAUSED,
    ARCHIVED
  }

  public record Summary(
      String code,
      String ownerId,
      String target,
      String title,
      List<String> tags,
      Status status,
      Instant createdAt,
      Instant updatedAt,
      long totalScans,
      QrStyle style)
      implements JsonSerializable {}

  public record Stats(
      String code, long totalScans, long persistedScans, long pendingScans, Instant lastScanAt)
      implements JsonSerializable {}

  /** What watchers are told: the total scans, pending ones included. */
  public record ScanCount(String code, long totalScans) implements JsonSerializable {}

  public record TargetChange(Instant at, String from, String to) implements JsonSerializable {}

  public record History(String code, List<TargetChange> changes) implements JsonSerializable {}

  /**
   * What the edge needs to answer a scan or draw the image. {@code target} is null unless the code
   * is active; {@code style} is null when unknown (a route read from the route table).
   */
  public record Route(RouteStatus status, String target, QrStyle style)
      implements JsonSerializable {
    public static final Route NOT_FOUND = new Route(RouteStatus.NOT_FOUND, null, QrStyle.DEFAULT);
  }

  public enum RouteStatus {
    ACTIVE,
    PAUSED,
    ARCHIVED,
    NOT_FOUND
  }

  // --- events ---------------------------------------------------------------------------------

  public sealed interface Event extends JsonSerializable {
    String code();
  }

  public record QrCodeCreated(
      String code, String ownerId, String target, String title, List<String> tags, Instant at)
      implements Event {}

  public record TargetChanged(
      String code, String ownerId, String oldTarget, String newTarget, Instant at)
      implements Event {}

  public record DetailsChanged(
      String code, String ownerId, String title, List<String> tags, Instant at) implements Event {}

  /** The image style changed (also right after {@link QrCodeCreated} when one was given). */
  public record QrCodeStyled(String code, String ownerId, QrStyle style, Instant at)
      implements Event {}

  public record QrCodePaused(String code, String ownerId, Instant at) implements Event {}

  public record QrCodeResumed(String code, String ownerId, Instant at) implements Event {}

  public record QrCodeArchived(String code, String ownerId, Instant at) implements Event {}

  /**
   * One batch of scans; an event carries at most {@code max-batch} of them. {@code deliveries}:
   * the acknowledged edge batches whose scans this write holds (null in events from before).
   */
  public record ScansRecorded(
      String code, String ownerId, List<Scan> scans, List<Deliveries.Id> deliveries)
      implements Event {
    public ScansRecorded(String code, String ownerId, List<Scan> scans) {
      this(code, ownerId, scans, List.of());
    }
  }

  // --- state ----------------------------------------------------------------------------------

  public record State(
      String ownerId,
      String target,
      String title,
      List<String> tags,
      Status status,
      Instant createdAt,
      Instant updatedAt,
      List<TargetChange> targetHistory,
      long persistedScans,
      Instant lastScanAt,
      QrStyle style,
      Deliveries deliveries)
      implements JsonSerializable {

    static final State EMPTY = new State(
        null, null, null, List.of(), null, null, null, List.of(), 0, null, null, Deliveries.NONE);

    /** Edge batches already counted (snapshots from before acknowledged delivery have none). */
    Deliveries counted() {
      return deliveries == null ? Deliveries.NONE : deliveries;
    }

    /** The stored style; codes styled never (and snapshots from before styles) draw the default. */
    QrStyle effectiveStyle() {
      return style == null ? QrStyle.DEFAULT : style;
    }

    boolean isCreated() {
      return ownerId != null;
    }

    boolean isOwnedBy(String userId) {
      return Objects.equals(ownerId, userId);
    }

    Route route() {
      return switch (status) {
        case ACTIVE -> new Route(RouteStatus.ACTIVE, target, effectiveStyle());
        case PAUSED -> new Route(RouteStatus.PAUSED, null, effectiveStyle());
        case ARCHIVED -> new Route(RouteStatus.ARCHIVED, null, effectiveStyle());
      };
    }

    State withTarget(String newTarget, Instant at) {
      var history = new ArrayList<>(targetHistory);
      history.add(new TargetChange(at, target, newTarget));
      return new State(ownerId, newTarget, title, tags, status, createdAt, at, List.copyOf(history),
          persistedScans, lastScanAt, style, deliveries);
    }

    State withDetails(String newTitle, List<String> newTags, Instant at) {
      return new State(ownerId, target, newTitle, newTags, status, createdAt, at, targetHistory,
          persistedScans, lastScanAt, style, deliveries);
    }

    State withStatus(Status newStatus, Instant at) {
      return new State(ownerId, target, title, tags, newStatus, createdAt, at, targetHistory,
          persistedScans, lastScanAt, style, deliveries);
    }

    State withScans(List<Scan> scans, List<Deliveries.Id> batches, int rememberedSenders) {
      Instant last = scans.isEmpty() ? lastScanAt : scans.get(scans.size() - 1).at();
      long total = persistedScans + scans.size();
      return new State(ownerId, target, title, tags, status, createdAt, updatedAt, targetHistory,
          total, last, style, counted().with(batches, total, rememberedSenders));
    }

    State withStyle(QrStyle newStyle, Instant at) {
      return new State(ownerId, target, title, tags, status, createdAt, at, targetHistory,
          persistedScans, lastScanAt, newStyle, deliveries);
    }
  }

  // --- sharding -------------------------------------------------------------------------------

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "QrCode");

  /** Batching, snapshot, tagging and watcher settings from {@code qrflow.qr}. */
  public record Settings(
      int maxBatch,
      Duration flushInterval,
      int snapshotEvery,
      EventTags tags,
      Duration watchNotifyInterval,
      int rememberedSenders) {
    public static Settings fromConfig(Config config) {
      Config qr = config.getConfig("qrflow.qr");
      return new Settings(
          qr.getInt("scan-batch.max-size"),
          qr.getDuration("scan-batch.flush-interval"),
          qr.getInt("snapshot-every"),
          new EventTags("qr", qr.getInt("event-tags")),
          qr.getDuration("watch.notify-interval"),
          qr.getInt("scan-batch.remembered-senders"));
    }
  }

  public static void init(
      ActorSystem<?> system, Settings settings, ActorRef<Topic.Command<RouteUpdate>> routes) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY,
                    ctx -> create(ctx.getEntityId(), settings, routes, Clock.systemUTC(), ctx.getShard()))
                .withStopMessage(Passivate.INSTANCE));
  }

  /**
   * @param shard the entity's shard, asked to passivate entities for unknown codes; passivating
   *     through the shard (rather than stopping) keeps messages that arrive meanwhile
   */
  public static Behavior<Command> create(
      String code,
      Settings settings,
      ActorRef<Topic.Command<RouteUpdate>> routes,
      Clock clock,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new QrCode(code, settings, routes, clock, timers, () ->
                    shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf())),
                    () -> ctx.getSelf().tell(Passivate.INSTANCE),
                    watcher -> ctx.watchWith(watcher, new WatcherStopped(watcher)))));
  }

  // --- behavior -------------------------------------------------------------------------------

  private final String code;
  private final Settings settings;
  private final ActorRef<Topic.Command<RouteUpdate>> routes;
  private final Clock clock;
  private final TimerScheduler<Command> timers;
  private final Runnable passivate;
  private final Runnable stopAgain;
  private final Consumer<ActorRef<ScanCount>> watchStop;
  /**
   * Sharding asked this code to stop (passivation, hand-off) and its last write failed: it stops
   * once a write succeeds after the restart, so that the hand-off completes.
   */
  private boolean stopRequested;
  private static final Duration MIN_PERSIST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_PERSIST_BACKOFF = Duration.ofSeconds(5);

  /**
   * Scans not yet persisted. Edges send them again until acknowledged, so they are lost only if
   * the edge that served them dies too.
   */
  private final PendingBatches<Scan> pending = new PendingBatches<>();
  /** Live counters to tell about new scans; in memory only. */
  private final Set<ActorRef<ScanCount>> watchers = new HashSet<>();

  private QrCode(
      String code,
      Settings settings,
      ActorRef<Topic.Command<RouteUpdate>> routes,
      Clock clock,
      TimerScheduler<Command> timers,
      Runnable passivate,
      Runnable stopAgain,
      Consumer<ActorRef<ScanCount>> watchStop) {
    // A failed write (database restarting) restarts the entity with backoff instead of stopping
    // it; the pending scans live in this object, which the restart keeps, and are written again.
    super(PersistenceId.of(ENTITY_KEY.name(), code),
        SupervisorStrategy.restartWithBackoff(MIN_PERSIST_BACKOFF, MAX_PERSIST_BACKOFF, 0.2));
    this.passivate = passivate;
    this.stopAgain = stopAgain;
    this.watchStop = watchStop;
    this.code = code;
    this.settings = settings;
    this.routes = routes;
    this.clock = clock;
    this.timers = timers;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(settings.tags().tagFor(code));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilderByState<Command, Event, State, State> notCreated =
        newCommandHandlerWithReplyBuilder().forState(state -> !state.isCreated());
    notCreated
        .onCommand(CreateQrCode.class, this::onCreate)
        .onCommand(GetRoute.class, c -> unknown().thenReply(c.replyTo(), s -> Route.NOT_FOUND))
        .onCommand(UpdateQrCode.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(ArchiveQrCode.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(GetQrCode.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(GetStats.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(GetHistory.class, c -> unknown().thenReply(c.replyTo(), s -> notFound()))
        .onCommand(Passivate.class, c -> Effect().stop().thenNoReply())
        .onCommand(WatcherStopped.class, c -> forget(c.watcher()))
        // Scans for a code that does not exist cannot be counted; the sender must not retry.
        .onCommand(RecordScans.class, c -> unknown()
            .thenRun(s -> c.batches().forEach(b -> PendingBatches.acknowledge(b.id(), c.replyTo())))
            .thenNoReply())
        .onAnyCommand(c -> unknown().thenNoReply()); // stray watches and timers

    var created = newCommandHandlerWithReplyBuilder().forState(State::isCreated);
    created
        .onCommand(CreateQrCode.class, c -> Effect().reply(c.replyTo(),
            StatusReply.error(Rejection.conflict("code '" + code + "' is already taken"))))
        .onCommand(UpdateQrCode.class, this::onUpdate)
        .onCommand(ArchiveQrCode.class, this::onArchive)
        .onCommand(GetQrCode.class, (s, c) -> ownerOnly(s, c.requesterId(), c.replyTo(), summary(s)))
        .onCommand(GetStats.class, (s, c) -> ownerOnly(s, c.requesterId(), c.replyTo(), stats(s)))
        .onCommand(GetHistory.class, (s, c) ->
            ownerOnly(s, c.requesterId(), c.replyTo(), new History(code, s.targetHistory())))
        .onCommand(GetRoute.class, (s, c) -> Effect().reply(c.replyTo(), s.route()))
        .onCommand(RecordScans.class, this::onRecordScans)
        .onCommand(FlushScans.class, (s, c) -> flush(s).thenNoReply())
        .onCommand(WatchScans.class, this::onWatch)
        .onCommand(NotifyWatchers.class, (s, c) -> notifyWatchers(s))
        .onCommand(WatcherStopped.class, (s, c) -> forget(c.watcher()))
        .onCommand(Passivate.class, (s, c) -> {
          stopRequested = true;
          return flush(s).thenStop().thenNoReply();
        });

    return notCreated.orElse(created).build();
  }

  private ReplyEffect<Event, State> onCreate(CreateQrCode c) {
    var problem =
        TargetUrl.problemWith(c.target())
            .or(() -> QrFields.problemWithTitle(c.title()))
            .or(() -> QrFields.problemWithTags(c.tags()))
            .or(() -> c.style() == null ? Optional.empty() : c.style().problem());
    if (problem.isPresent()) {
      return unknown().thenReply(c.replyTo(), s -> StatusReply.error(Rejection.invalid(problem.get())));
    }
    var event = new QrCodeCreated(code, c.ownerId(), c.target(), c.title(),
        c.tags() == null ? List.of() : List.copyOf(c.tags()), clock.instant());
    List<Event> events = c.style() == null ? List.of(event) : List.of(event,
        new QrCodeStyled(code, c.ownerId(), c.style().over(QrStyle.DEFAULT), event.at()));
    return Effect().persist(events).thenRun(this::publishRoute)
        .thenReply(c.replyTo(), s -> StatusReply.success(summary(s)));
  }

  private ReplyEffect<Event, State> onUpdate(State state, UpdateQrCode c) {
    if (!state.isOwnedBy(c.requesterId())) return Effect().reply(c.replyTo(), notFound());
    if (state.status() == Status.ARCHIVED) {
      return Effect().reply(c.replyTo(), StatusReply.error(Rejection.conflict("an archived code cannot be changed")));
    }
    var problem =
        (c.target() == null ? Optional.<String>empty() : TargetUrl.problemWith(c.target()))
            .or(() -> QrFields.problemWithTitle(c.title()))
            .or(() -> QrFields.problemWithTags(c.tags()))
            .or(() -> c.style() == null ? Optional.empty()
                : c.style().over(state.effectiveStyle()).problem());
    if (problem.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(Rejection.invalid(problem.get())));
    }
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>();
    if (c.target() != null && !c.target().equals(state.target())) {
      events.add(new TargetChanged(code, state.ownerId(), state.target(), c.target(), now));
    }
    String title = c.title() == null ? state.title() : c.title();
    List<String> tags = c.tags() == null ? state.tags() : List.copyOf(c.tags());
    if (!Objects.equals(title, state.title()) || !tags.equals(state.tags())) {
      events.add(new DetailsChanged(code, state.ownerId(), title, tags, now));
    }
    if (c.style() != null && !c.style().over(state.effectiveStyle()).equals(state.effectiveStyle())) {
      events.add(new QrCodeStyled(code, state.ownerId(), c.style().over(state.effectiveStyle()), now));
    }
    if (c.paused() != null && c.paused() && state.status() == Status.ACTIVE) {
      events.add(new QrCodePaused(code, state.ownerId(), now));
    } else if (c.paused() != null && !c.paused() && state.status() == Status.PAUSED) {
      events.add(new QrCodeResumed(code, state.ownerId(), now));
    }
    if (events.isEmpty()) return Effect().reply(c.replyTo(), StatusReply.success(summary(state)));
    return Effect().persist(events).thenRun(this::publishRoute)
        .thenReply(c.replyTo(), s -> StatusReply.success(summary(s)));
  }

  private ReplyEffect<Event, State> onArchive(State state, ArchiveQrCode c) {
    if (!state.isOwnedBy(c.requesterId())) return Effect().reply(c.replyTo(), notFound());
    if (state.status() == Status.ARCHIVED) {
      return Effect().reply(c.replyTo(), StatusReply.success(summary(state)));
    }
    return Effect().persist(new QrCodeArchived(code, state.ownerId(), clock.instant()))
        .thenRun(this::publishRoute)
        .thenReply(c.replyTo(), s -> StatusReply.success(summary(s)));
  }

  private ReplyEffect<Event, State> onRecordScans(State state, RecordScans c) {
    c.batches().forEach(b -> pending.receive(state.counted(), b.id(), b.scans(), c.replyTo()));
    // Trailing throttle: one notification per interval however many scans arrive meanwhile.
    if (!watchers.isEmpty() && !timers.isTimerActive(NotifyWatchers.INSTANCE)) {
      timers.startSingleTimer(NotifyWatchers.INSTANCE, NotifyWatchers.INSTANCE,
          settings.watchNotifyInterval());
    }
    if (pending.itemCount() >= settings.maxBatch()) return flush(state).thenNoReply();
    if (!timers.isTimerActive(FlushScans.INSTANCE)) {
      timers.startSingleTimer(FlushScans.INSTANCE, FlushScans.INSTANCE, settings.flushInterval());
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onWatch(State state, WatchScans c) {
    if (!state.isOwnedBy(c.requesterId())) return Effect().noReply();
    if (watchers.add(c.watcher())) watchStop.accept(c.watcher());
    c.watcher().tell(scanCount(state));
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> notifyWatchers(State state) {
    ScanCount count = scanCount(state);
    watchers.forEach(watcher -> watcher.tell(count));
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> forget(ActorRef<ScanCount> watcher) {
    watchers.remove(watcher);
    return Effect().noReply();
  }

  private ScanCount scanCount(State state) {
    return new ScanCount(code, state.persistedScans() + pending.itemCount());
  }

  /** Persists the pending scans, if any, as events of at most {@code max-batch} scans each. */
  private EffectBuilder<Event, State> flush(State state) {
    timers.cancel(FlushScans.INSTANCE);
    if (pending.isEmpty()) return Effect().none();
    int batches = pending.batchCount();
    List<Event> events = pending.asEvents(batches, settings.maxBatch(),
        (scans, deliveries) -> new ScansRecorded(code, state.ownerId(), scans, deliveries));
    // Forgotten only once written: commands wait while persisting, so nothing was added meanwhile.
    // If the write fails they stay pending for the next flush after the restart, except those that
    // recovery shows in the journal after all (see onRecovered).
    return Effect().persist(events).thenRun(s -> pending.written(batches));
  }

  /**
   * After a restart: batches that did reach the journal (a failed write that committed, or
   * another incarnation of this code during a hand-off) are pending no more.
   */
  private void onRecovered(State recovered) {
    pending.forgetCounted(recovered.counted());
    if (stopRequested) stopAgain.run();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> onRecovered(state))
        .build();
  }

  /** Nothing to do for a code that does not exist: ask the shard to passivate this entity. */
  private EffectBuilder<Event, State> unknown() {
    return Effect().none().thenRun(s -> passivate.run());
  }

  private <T> ReplyEffect<Event, State> ownerOnly(
      State state, String requesterId, ActorRef<StatusReply<T>> replyTo, T answer) {
    if (!state.isOwnedBy(requesterId)) return Effect().reply(replyTo, notFound());
    return Effect().reply(replyTo, StatusReply.success(answer));
  }

  private <T> StatusReply<T> notFound() {
    return StatusReply.error(Rejection.notFound("no QR code '" + code + "'"));
  }

  private void publishRoute(State state) {
    routes.tell(Topic.publish(new RouteUpdate(code, state.route())));
  }

  private Summary summary(State s) {
    return new Summary(code, s.ownerId(), s.target(), s.title(), s.tags(), s.status(),
        s.createdAt(), s.updatedAt(), s.persistedScans() + pending.itemCount(), s.effectiveStyle());
  }

  private Stats stats(State s) {
    return new Stats(code, s.persistedScans() + pending.itemCount(), s.persistedScans(),
        pending.itemCount(), pending.isEmpty() ? s.lastScanAt() : pending.last().at());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(QrCodeCreated.class, (s, e) -> new State(e.ownerId(), e.target(), e.title(),
            e.tags(), Status.ACTIVE, e.at(), e.at(), List.of(new TargetChange(e.at(), null, e.target())),
            0, null, null, Deliveries.NONE))
        .onEvent(TargetChanged.class, (s, e) -> s.withTarget(e.newTarget(), e.at()))
        .onEvent(DetailsChanged.class, (s, e) -> s.withDetails(e.title(), e.tags(), e.at()))
        .onEvent(QrCodeStyled.class, (s, e) -> s.withStyle(e.style(), e.at()))
        .onEvent(QrCodePaused.class, (s, e) -> s.withStatus(Status.PAUSED, e.at()))
        .onEvent(QrCodeResumed.class, (s, e) -> s.withStatus(Status.ACTIVE, e.at()))
        .onEvent(QrCodeArchived.class, (s, e) -> s.withStatus(Status.ARCHIVED, e.at()))
        .onEvent(ScansRecorded.class, (s, e) ->
            s.withScans(e.scans(), e.deliveries(), settings.rememberedSenders()))
        .build();
  }
}
