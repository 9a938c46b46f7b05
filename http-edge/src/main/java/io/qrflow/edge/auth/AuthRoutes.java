package io.qrflow.edge.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.qrflow.edge.auth.dto.LoginRequest;
import io.qrflow.edge.auth.dto.ProfileResponse;
import io.qrflow.edge.auth.dto.RefreshRequest;
import io.qrflow.edge.auth.dto.RegisterRequest;
import io.qrflow.edge.auth.dto.TokenResponse;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.user.EmailAddress;
import io.qrflow.user.UserAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code /api/v1/auth/...} (register, login, refresh, logout) and {@code /api/v1/me}. Password
 * hashing and token storage are blocking and run on the blocking executor.
 */
public final class AuthRoutes {

  private static final String BAD_CREDENTIALS = "invalid e-mail or password";
  private static final int MAX_DISPLAY_NAME = 100;

  private final ClusterSharding sharding;
  private final PasswordHasher passwords;
  private final TokenService tokens;
  private final RefreshTokenStore refreshTokens;
  private final BearerAuth auth;
  private final Executor blocking;
  private final Duration askTimeout;
  private final SignIn signIn;

  public AuthRoutes(ClusterSharding sharding, PasswordHasher passwords, TokenService tokens,
      RefreshTokenStore refreshTokens, BearerAuth auth, Executor blocking, Duration askTimeout) {
    this.sharding = sharding;
    this.passwords = passwords;
    this.tokens = tokens;
    this.refreshTokens = refreshTokens;
    this.auth = auth;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
    this.signIn = new SignIn(sharding, passwords, blocking, askTimeout);
  }

  public Route route() {
    return concat(
        pathPrefix("auth", () -> concat(
            path("register", () -> post(() -> entity(Json.unmarshaller(RegisterRequest.class), this::register))),
            path("login", () -> post(() -> entity(Json.unmarshaller(LoginRequest.class), this::login))),
            path("refresh", () -> post(() -> entity(Json.unmarshaller(RefreshRequest.class), this::refresh))),
            path("logout", () -> post(() -> auth.authenticated(user ->
                entity(Json.unmarshaller(RefreshRequest.class), req -> logout(user, req))))))),
        path("me", () -> get(() -> auth.authenticated(user ->
            Problems.onReply(account(user.email()).ask(UserAccount.GetProfile::new, askTimeout),
                profile -> complete(StatusCodes.OK, ProfileResponse.of(profile), Json.marshaller()))))));
  }

  private Route register(RegisterRequest req) {
    Optional<String> email = EmailAddress.normalize(req.email());
    List<String> problems = new ArrayList<>();
    if (email.isEmpty()) problems.add("email must be a valid e-mail address");
    if (req.password() == null) problems.add("password is required");
    else passwords.problemWith(req.password()).ifPresent(problems::add);
    String displayName = req.displayName() == null ? "" : req.displayName().strip();
    if (displayName.isEmpty() || displayName.length() > MAX_DISPLAY_NAME
        || displayName.chars().anyMatch(Character::isISOControl)) {
      problems.add("displayName must be 1-" + MAX_DISPLAY_NAME + " characters without control characters");
    }
    if (!problems.isEmpty()) return Problems.invalid(problems);

    CompletionStage<StatusReply<UserAccount.Profile>> registered =
        CompletableFuture.supplyAsync(() -> passwords.hash(req.password()), blocking)
            .thenCompose(hash -> account(email.get()).ask(
                (ActorRef<StatusReply<UserAccount.Profile>> replyTo) -> new UserAccount.Register(
                    UUID.randomUUID().toString(), hash, displayName, replyTo),
                askTimeout));
    return Problems.onReply(registered,
        profile -> complete(StatusCodes.CREATED, ProfileResponse.of(profile), Json.marshaller()));
  }

  private Route login(LoginRequest req) {
    Optional<String> email = EmailAddress.normalize(req.email());
    if (email.isEmpty() || req.password() == null) {
      return Problems.invalid(List.of("email and password are required"));
    }
    return optionalHeaderValueByName("User-Agent", userAgent -> {
      CompletionStage<Optional<TokenResponse>> result =
          signIn.check(email.get(), req.password(), userAgent.orElse(""))
              .thenApplyAsync(signedIn -> signedIn.map(credentials ->
                  issue(credentials.userId(), credentials.email(),
                      refreshTokens.startFamily(credentials.userId(), credentials.email()))), blocking);
      return onComplete(result, done -> {
        if (done.isFailure()) return complete(Problems.forFailure(done.failed().get()));
        Optional<TokenResponse> issued = done.get();
        return issued.isPresent()
            ? complete(StatusCodes.OK, issued.get(), Json.marshaller())
            : BearerAuth.unauthorized(BAD_CREDENTIALS);
      });
    });
  }

  private Route refresh(RefreshRequest req) {
    if (req.refreshToken() == null || req.refreshToken().isBlank()) {
      return Problems.invalid(List.of("refreshToken is required"));
    }
    return onComplete(CompletableFuture.supplyAsync(() -> refreshTokens.rotate(req.refreshToken()), blocking),
        done -> {
          if (done.isFailure()) return complete(Problems.forFailure(done.failed().get()));
          RotationResult result = done.get();
          if (result instanceof RotationResult.Rotated rotated) {
            return complete(StatusCodes.OK, issue(rotated.userId(), rotated.email(), rotated.newToken()),
                Json.marshaller());
          }
          if (result instanceof RotationResult.Reused) {
            return BearerAuth.unauthorized(
                "refresh token was already used; every session of this sign-in has been revoked");
          }
          return BearerAuth.unauthorized("refresh token is invalid or expired");
        });
  }

  private Route logout(Principal user, RefreshRequest req) {
    if (req.refreshToken() == null || req.refreshToken().isBlank()) {
      return Problems.invalid(List.of("refreshToken is required"));
    }
    return onComplete(
        CompletableFuture.supplyAsync(() -> refreshTokens.revokeFamily(req.refreshToken(), user.userId()), blocking),
        done -> done.isFailure()
            ? complete(Problems.forFailure(done.failed().get()))
            : complete(StatusCodes.NO_CONTENT));
  }

  private TokenResponse issue(String userId, String email, String refreshToken) {
    IssuedToken access = tokens.issueAccessToken(userId, email);
    return TokenResponse.bearer(access.token(), refreshToken, access.expiresInSeconds());
  }

  private EntityRef<UserAccount.Command> account(String email) {
    return sharding.entityRefFor(UserAccount.ENTITY_KEY, email);
  }
}
