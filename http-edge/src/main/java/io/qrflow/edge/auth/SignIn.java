package io.qrflow.edge.auth;

import io.qrflow.user.UserAccount;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Checks an e-mail and password and records the login: shared by the API's token login and the
 * dashboard's session sign-in. Password hashing runs on the blocking executor.
 */
public final class SignIn {

  private final ClusterSharding sharding;
  private final PasswordHasher passwords;
  private final Executor blocking;
  private final Duration askTimeout;

  public SignIn(ClusterSharding sharding, PasswordHasher passwords, Executor blocking,
      Duration askTimeout) {
    this.sharding = sharding;
    this.passwords = passwords;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  /**
   * The account's credentials when the password is right and the account active (the login is
   * then recorded), else empty. {@code email} must be normalized.
   */
  public CompletionStage<Optional<UserAccount.Credentials>> check(
      String email, String password, String userAgent) {
    EntityRef<UserAccount.Command> account = sharding.entityRefFor(UserAccount.ENTITY_KEY, email);
    return account.ask(UserAccount.GetCredentials::new, askTimeout)
        .thenComposeAsync(reply -> {
          if (reply.isError()) {
            passwords.burn(password); // unknown accounts cost as much as wrong passwords
            return CompletableFuture.completedFuture(Optional.<UserAccount.Credentials>empty());
          }
          UserAccount.Credentials credentials = reply.getValue();
          if (!passwords.verify(password, credentials.passwordHash())
              || credentials.status() != UserAccount.Status.ACTIVE) {
            return CompletableFuture.completedFuture(Optional.<UserAccount.Credentials>empty());
          }
          return account
              .ask((ActorRef<StatusReply<UserAccount.Profile>> replyTo) ->
                  new UserAccount.RecordLogin(userAgent, replyTo), askTimeout)
              .thenApply(recorded -> recorded.isSuccess()
                  ? Optional.of(credentials) : Optional.<UserAccount.Credentials>empty());
        }, blocking);
  }
}
