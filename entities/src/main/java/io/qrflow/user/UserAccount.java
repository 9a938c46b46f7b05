package io.qrflow.user;

import com.typesafe.config.Config;
import io.qrflow.common.EventTags;
import io.qrflow.common.JsonSerializable;
import io.qrflow.common.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A user account, identified by its normalized e-mail address, so sharding's single writer makes
 * e-mail addresses unique. States: not registered, then active. The password hash is computed at
 * the edge (argon2id, on a blocking dispatcher), never here.
 *
 * <p>Every event carries one tag {@code user-<n>} (see {@link EventTags}).
 */
public final class UserAccount
    extends EventSourcedBehaviorWithEnforcedReplies<
        UserAccount.Command, UserAccount.Event, UserAccount.State> {

  // --- commands -------------------------------------------------------------------------------

  public sealed interface Command extends JsonSerializable {}

  /** Replies with the new {@link Profile}, or a CONFLICT rejection when the e-mail is taken. */
  public record Register(
      String userId,
      String passwordHash,
      String displayName,
      ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** Replies with the {@link Credentials} to check a password against, or NOT_FOUND. */
  public record GetCredentials(ActorRef<StatusReply<Credentials>> replyTo) implements Command {}

  /** Records a successful sign-in. Replies with the {@link Profile}. */
  public record RecordLogin(String client, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** Replies with the {@link Profile}, or NOT_FOUND. */
  public record GetProfile(ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  /**
   * Confirms the e-mail address (from a signed verification link naming {@code userId}). Replies
   * with the {@link Profile}; verifying again changes nothing; INVALID for another user's link.
   */
  public record VerifyEmail(String userId, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  // --- replies --------------------------------------------------------------------------------

  public enum Status {
    ACTIVE,
    DISABLED
  }

  public record Profile(
      String userId,
      String email,
      String displayName,
      Status status,
      Instant registeredAt,
      Instant lastLoginAt,
      Instant emailVerifiedAt)
      implements JsonSerializable {}

  public record Credentials(String userId, String email, String passwordHash, Status status)
      implements JsonSerializable {}

  // --- events ---------------------------------------------------------------------------------

  public sealed interface Event extends JsonSerializable {
    String email();
  }

  public record UserRegistered(
      String email, String userId, String displayName, String passwordHash, Instant at)
      implements Event {}

  /** {@code client} is the user agent, for new-device notices; never an IP address. */
  public record UserLoggedIn(String email, String userId, String client, Instant at)
      implements Event {}

  public record EmailVerified(String email, String userId, Instant at) implements Event {}

  // --- state ----------------------------------------------------------------------------------

  public record State(
      String userId,
      String displayName,
      String passwordHash,
      Status status,
      Instant registeredAt,
      Instant lastLoginAt,
      Instant emailVerifiedAt)
      implements JsonSerializable {

    static final State EMPTY = new State(null, null, null, null, null, null, null);

    boolean isRegistered() {
      return userId != null;
    }

    State withLogin(Instant at) {
      return new State(userId, displayName, passwordHash, status, registeredAt, at, emailVerifiedAt);
    }

    State withEmailVerified(Instant at) {
      return new State(userId, displayName, passwordHash, status, registeredAt, lastLoginAt, at);
    }
  }

  // --- sharding -------------------------------------------------------------------------------

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "UserAccount");

  public static final int MAX_CLIENT_LENGTH = 256;

  /** Snapshot and tagging settings from {@code qrflow.user}. */
  public record Settings(int snapshotEvery, EventTags tags) {
    public static Settings fromConfig(Config config) {
      Config user = config.getConfig("qrflow.user");
      return new Settings(user.getInt("snapshot-every"), new EventTags("user", user.getInt("event-tags")));
    }
  }

  public static void init(ActorSystem<?> system, Settings settings) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, Clock.systemUTC())));
  }

  public static Behavior<Command> create(String email, Settings settings, Clock clock) {
    return new UserAccount(email, settings, clock);
  }

  // --- behavior -------------------------------------------------------------------------------

  private final String email;
  private final Settings settings;
  private final Clock clock;

  private UserAccount(String email, Settings settings, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), email));
    this.email = email;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(settings.tags().tagFor(email));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var notRegistered = newCommandHandlerWithReplyBuilder().forState(s -> !s.isRegistered());
    notRegistered
        .onCommand(Register.class, this::onRegister)
        .onCommand(GetCredentials.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RecordLogin.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(GetProfile.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(VerifyEmail.class, c -> Effect().reply(c.replyTo(), notFound()));

    var registered = newCommandHandlerWithReplyBuilder().forState(State::isRegistered);
    registered
        .onCommand(Register.class, c -> Effect().reply(c.replyTo(),
            StatusReply.error(Rejection.conflict("an account with this e-mail already exists"))))
        .onCommand(GetCredentials.class, (s, c) -> Effect().reply(c.replyTo(),
            StatusReply.success(new Credentials(s.userId(), email, s.passwordHash(), s.status()))))
        .onCommand(RecordLogin.class, this::onRecordLogin)
        .onCommand(GetProfile.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(profile(s))))
        .onCommand(VerifyEmail.class, this::onVerifyEmail);

    return notRegistered.orElse(registered).build();
  }

  private ReplyEffect<Event, State> onRegister(Register c) {
    if (c.userId() == null || c.passwordHash() == null || c.displayName() == null) {
      return Effect().reply(c.replyTo(),
          StatusReply.error(Rejection.invalid("user id, password hash and display name are required")));
    }
    var event = new UserRegistered(email, c.userId(), c.displayName(), c.passwordHash(), clock.instant());
    return Effect().persist(event).thenReply(c.replyTo(), s -> StatusReply.success(profile(s)));
  }

  private ReplyEffect<Event, State> onRecordLogin(State state, RecordLogin c) {
    if (state.status() != Status.ACTIVE) {
      return Effect().reply(c.replyTo(), StatusReply.error(Rejection.forbidden("account is disabled")));
    }
    String client = c.client() == null ? "" : c.client();
    if (client.length() > MAX_CLIENT_LENGTH) client = client.substring(0, MAX_CLIENT_LENGTH);
    var event = new UserLoggedIn(email, state.userId(), client, clock.instant());
    return Effect().persist(event).thenReply(c.replyTo(), s -> StatusReply.success(profile(s)));
  }

  private ReplyEffect<Event, State> onVerifyEmail(State state, VerifyEmail c) {
    if (!state.userId().equals(c.userId())) {
      return Effect().reply(c.replyTo(),
          StatusReply.error(Rejection.invalid("this verification link is not for this account")));
    }
    if (state.emailVerifiedAt() != null) {
      return Effect().reply(c.replyTo(), StatusReply.success(profile(state)));
    }
    return Effect().persist(new EmailVerified(email, state.userId(), clock.instant()))
        .thenReply(c.replyTo(), s -> StatusReply.success(profile(s)));
  }

  private <T> StatusReply<T> notFound() {
    return StatusReply.error(Rejection.notFound("no account for this e-mail"));
  }

  private Profile profile(State s) {
    return new Profile(s.userId(), email, s.displayName(), s.status(), s.registeredAt(), s.lastLoginAt(),
        s.emailVerifiedAt());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(UserRegistered.class, (s, e) ->
            new State(e.userId(), e.displayName(), e.passwordHash(), Status.ACTIVE, e.at(), null, null))
        .onEvent(UserLoggedIn.class, (s, e) -> s.withLogin(e.at()))
        .onEvent(EmailVerified.class, (s, e) -> s.withEmailVerified(e.at()))
        .build();
  }
}
