package io.qrflow.edge.notifications;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.auth.dto.ProfileResponse;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.projections.email.VerificationTokens;
import io.qrflow.user.UserAccount;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code GET /api/v1/auth/verify?token=}: the link of the welcome mail. A well-signed, unexpired
 * token marks its account's e-mail verified (a UserAccount command, so an event in the journal)
 * and answers the profile; opening it again changes nothing.
 */
public final class EmailVerificationRoutes {

  private final ClusterSharding sharding;
  private final VerificationTokens tokens;
  private final Duration askTimeout;

  public EmailVerificationRoutes(ClusterSharding sharding, VerificationTokens tokens, Duration askTimeout) {
    this.sharding = sharding;
    this.tokens = tokens;
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return pathPrefix("auth", () -> path("verify", () -> get(() ->
        parameterOptional("token", this::verify))));
  }

  private Route verify(Optional<String> token) {
    Optional<VerificationTokens.Verified> verified = token.flatMap(tokens::verify);
    if (verified.isEmpty()) {
      return Problems.invalid(List.of("the verification link is invalid or has expired"));
    }
    var who = verified.get();
    return Problems.onReply(
        sharding.entityRefFor(UserAccount.ENTITY_KEY, who.email()).ask(
            (ActorRef<StatusReply<UserAccount.Profile>> replyTo) ->
                new UserAccount.VerifyEmail(who.userId(), replyTo), askTimeout),
        profile -> complete(StatusCodes.OK, ProfileResponse.of(profile), Json.marshaller()));
  }
}
