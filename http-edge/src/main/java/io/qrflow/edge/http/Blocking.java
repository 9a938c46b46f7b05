package io.qrflow.edge.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Read-model work (JDBC, name resolution) for a route, run on the blocking dispatcher. The work
 * may throw {@link Invalid} for bad input found on the way (400, nothing written).
 */
public final class Blocking {

  /** Bad input discovered while working: a 400 with this message. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Invalid(String problem) {
      super(problem, null, false, false);
    }
  }

  private final Executor executor;

  public Blocking(Executor executor) {
    this.executor = executor;
  }

  public <T> Route run(Callable<T> work, Function<T, Route> onSuccess) {
    CompletionStage<T> result = CompletableFuture.supplyAsync(() -> {
      try {
        return work.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, executor);
    return onComplete(result, done -> {
      if (done.isSuccess()) return onSuccess.apply(done.get());
      Throwable failure = done.failed().get();
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof Invalid invalid) return Problems.invalid(List.of(invalid.getMessage()));
      return complete(Problems.forFailure(cause));
    });
  }

  /** Like {@link #run}, where an empty result means the resource is not the caller's: 404. */
  public <T> Route found(Callable<Optional<T>> work, String what, Function<T, Route> onSuccess) {
    return run(work, found -> found.<Route>map(onSuccess::apply)
        .orElseGet(() -> Problems.problem(StatusCodes.NOT_FOUND, "no " + what)));
  }
}
