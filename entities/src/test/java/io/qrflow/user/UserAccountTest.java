package io.qrflow.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qrflow.common.EventTags;
import io.qrflow.common.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserAccountTest {

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
  private static final AtomicInteger users = new AtomicInteger();
  private static final String USER_ID = "9b2f7c1e-1111-4222-8333-944455556666";

  private String email;
  private EventSourcedBehaviorTestKit<UserAccount.Command, UserAccount.Event, UserAccount.State> account;

  @BeforeEach
  void newAccount() {
    email = "user" + users.incrementAndGet() + "@example.com";
    account = EventSourcedBehaviorTestKit.create(testKit.system(),
        UserAccount.create(email, new UserAccount.Settings(100, new EventTags("user", 20)), CLOCK));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void givenNoAccount_whenRegistered_thenActiveProfileAndCredentials() {
    var registered = register(USER_ID);

    assertTrue(registered.reply().isSuccess());
    assertEquals(new UserAccount.Profile(USER_ID, email, "Ada", UserAccount.Status.ACTIVE, CLOCK.instant(), null, null),
        registered.reply().getValue());
    var credentials = account.<StatusReply<UserAccount.Credentials>>runCommand(UserAccount.GetCredentials::new);
    assertEquals("$argon2id$hash", credentials.reply().getValue().passwordHash());
  }

  @Test
  void givenAccount_whenSameEmailRegistersAgain_thenConflictAndFirstAccountKept() {
    register(USER_ID);

    var again = register("0a0a0a0a-1111-4222-8333-944455556666");

    assertTrue(again.hasNoEvents());
    assertEquals(Rejection.Kind.CONFLICT,
        Rejection.decode(again.reply().getError().getMessage()).orElseThrow().kind());
    assertEquals(USER_ID, again.state().userId());
  }

  @Test
  void givenAccount_whenVerifiedTwice_thenOneEventAndVerifiedAfterRestart_andOtherUsersLinkRejected() {
    register(USER_ID);

    var verified = account.<StatusReply<UserAccount.Profile>>runCommand(
        replyTo -> new UserAccount.VerifyEmail(USER_ID, replyTo));
    var again = account.<StatusReply<UserAccount.Profile>>runCommand(
        replyTo -> new UserAccount.VerifyEmail(USER_ID, replyTo));
    var foreign = account.<StatusReply<UserAccount.Profile>>runCommand(
        replyTo -> new UserAccount.VerifyEmail("0a0a0a0a-1111-4222-8333-944455556666", replyTo));

    assertEquals(new UserAccount.EmailVerified(email, USER_ID, CLOCK.instant()), verified.event());
    assertEquals(CLOCK.instant(), verified.reply().getValue().emailVerifiedAt());
    assertTrue(again.hasNoEvents());
    assertTrue(foreign.hasNoEvents());
    assertEquals(Rejection.Kind.INVALID,
        Rejection.decode(foreign.reply().getError().getMessage()).orElseThrow().kind());
    account.restart();
    var profile = account.<StatusReply<UserAccount.Profile>>runCommand(UserAccount.GetProfile::new);
    assertEquals(CLOCK.instant(), profile.reply().getValue().emailVerifiedAt());
  }

  @Test
  void givenNoAccount_whenCredentialsAsked_thenNotFound() {
    var credentials = account.<StatusReply<UserAccount.Credentials>>runCommand(UserAccount.GetCredentials::new);

    assertEquals(Rejection.Kind.NOT_FOUND,
        Rejection.decode(credentials.reply().getError().getMessage()).orElseThrow().kind());
  }

  @Test
  void givenAccount_whenLoginRecorded_thenEventForPublishersAndLastLoginSurvivesRestart() {
    register(USER_ID);

    var login = account.<StatusReply<UserAccount.Profile>>runCommand(
        r -> new UserAccount.RecordLogin("Mozilla/5.0 (X11)", r));

    var event = login.eventOfType(UserAccount.UserLoggedIn.class);
    assertEquals(USER_ID, event.userId());
    assertEquals("Mozilla/5.0 (X11)", event.client());
    var restarted = account.restart();
    assertNotNull(restarted.state().lastLoginAt());
    assertEquals(login.state(), restarted.state());
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          UserAccount.Command, UserAccount.Event, UserAccount.State, StatusReply<UserAccount.Profile>>
      register(String userId) {
    return account.runCommand(r -> new UserAccount.Register(userId, "$argon2id$hash", "Ada", r));
  }
}
