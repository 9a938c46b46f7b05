package io.qrflow.edge.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /.well-known/jwks.json}: the public keys that verify qrflow's access tokens. */
public final class JwksRoutes {

  /** Short, so a rotated key reaches verifiers quickly. */
  private static final long MAX_AGE_SECONDS = 300;

  private final HttpResponse jwks;

  public JwksRoutes(SigningKeys keys) {
    this.jwks = HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, keys.publicJwks().toString()))
        .addHeader(CacheControl.create(CacheDirectives.PUBLIC, CacheDirectives.MAX_AGE(MAX_AGE_SECONDS)));
  }

  public Route route() {
    return pathPrefix(".well-known", () -> path("jwks.json", () -> get(() -> complete(jwks))));
  }
}
