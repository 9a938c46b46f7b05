package io.qrflow.edge.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** A read-model query run on the blocking dispatcher, answered 200 with JSON or as a problem. */
public final class BlockingQuery {

  /** A query that may throw SQLException. */
  @FunctionalInterface
  public interface Query<T> {
    T run() throws SQLException;
  }

  private BlockingQuery() {}

  public static <T> Route completeOk(Executor blocking, Query<T> query) {
    CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
      try {
        return query.run();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
    return onComplete(result, done -> done.isFailure()
        ? complete(Problems.forFailure(done.failed().get()))
        : complete(StatusCodes.OK, done.get(), Json.marshaller()));
  }
}
