package io.qrflow.edge.auth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * A check after a token's signature and claims are valid (revocation, rate limits): empty lets
 * the request through, a response refuses it. Must not fail; refusals are responses.
 */
@FunctionalInterface
public interface AccessGate {

  AccessGate OPEN = principal -> CompletableFuture.completedFuture(Optional.empty());

  CompletionStage<Optional<HttpResponse>> check(Principal principal);
}
