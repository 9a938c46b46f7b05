package io.qrflow.edge.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
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

  public BearerAuth(TokenService tokens) {
    this(tokens, null);
  }

  public BearerAuth(TokenService tokens, SessionAuthenticator sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  public Route authenticated(Function<Principal, Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      if (header.isEmpty() && sessions != null) {
        return sessions.authenticated(inner, () -> unauthorized(TOKEN_REQUIRED));
      }
      if (header.isEmpty()) return unauthorized(TOKEN_REQUIRED);
      String value = header.get();
      if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
        return unauthorized("use the Bearer scheme: Authorization: Bearer <token>");
      }
      try {
        return inner.apply(tokens.verify(value.substring(SCHEME.length()).trim()));
      } catch (InvalidTokenException e) {
        return unauthorized(e.reason());
      }
    });
  }

  static Route unauthorized(String reason) {
    return complete(Problems.response(StatusCodes.UNAUTHORIZED, reason,
        RawHeader.create("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
  }
}
