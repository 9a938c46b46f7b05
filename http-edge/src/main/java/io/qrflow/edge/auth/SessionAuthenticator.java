package io.qrflow.edge.auth;

import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A second way into the API for requests without an Authorization header: a browser session.
 * Implementations check the session (and, for unsafe methods, its CSRF token) themselves.
 */
public interface SessionAuthenticator {

  /**
   * @param inner the route for the session's principal
   * @param noSession the answer when the request carries no session at all
   */
  Route authenticated(Function<Principal, Route> inner, Supplier<Route> noSession);
}
