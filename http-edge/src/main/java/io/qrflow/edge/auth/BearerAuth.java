package io.qrflow.edge.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import io.qrflow.edge.http.Problems;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The API's authentication: {@code Authorization: Bearer <access token>}, else 401. Without that
 * header, a browser session (cookie, with its CSRF check) is accepted when sessions are given.
 */
public final class BearerAuth {

  private static final String SCHEME = "Bearer ";
  private static final String TOKEN_REQUIRED =
      "an access token is required (Authorization: Bearer <token>)";

  private final TokenService tokens;
  private final SessionAuthenticator sessions;
  private final AccessGate gate;

  public BearerAuth(TokenService tokens) {
    this(tokens, null, AccessGate.OPEN);
  }

  /**
   * {@code sessions} (may be null) signs in browsers that send no Authorization header;
   * {@code gate} then decides on every authenticated principal (revoked ids, per-user limits).
   */
  public BearerAuth(TokenService tokens, SessionAuthenticator sessions, AccessGate gate) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.gate = gate;
  }

  public Route authenticated(Function<Principal, Route> inner) {
    Function<Principal, Route> gated = principal -> onComplete(gate.check(principal),
        refusal -> refusal.isFailure()
            ? complete(Problems.forFailure(refusal.failed().get()))
            : refusal.get().map(response -> complete(response)).orElseGet(() -> inner.apply(principal)));
    return optionalHeaderValueByName("Authorization", header -> {
      if (header.isEmpty() && sessions != null) {
        return sessions.authenticated(gated, () -> unauthorized(TOKEN_REQUIRED));
      }
      if (header.isEmpty()) return unauthorized(TOKEN_REQUIRED);
      String value = header.get();
      if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
        return unauthorized("use the Bearer scheme: Authorization: Bearer <token>");
      }
      Principal principal;
      try {
        principal = tokens.verify(value.substring(SCHEME.length()).trim());
      } catch (InvalidTokenException e) {
        return unauthorized(e.reason());
      }
      return gated.apply(principal);
    });
  }

  public static Route unauthorized(String reason) {
    return complete(Problems.response(StatusCodes.UNAUTHORIZED, reason,
        RawHeader.create("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
  }
}
