package io.qrflow.edge.health;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.qrflow.edge.http.Problems;
import java.util.function.BooleanSupplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /health/alive} (the process answers) and {@code /health/ready} (it serves requests). */
public final class HealthRoutes {

  private static final HttpResponse UP = HttpResponse.create()
      .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"status\":\"UP\"}"));

  private final BooleanSupplier ready;

  public HealthRoutes(BooleanSupplier ready) {
    this.ready = ready;
  }

  public Route route() {
    return pathPrefix("health", () -> get(() -> concat(
        path("alive", () -> complete(UP)),
        path("ready", () -> ready.getAsBoolean()
            ? complete(UP)
            : Problems.problem(StatusCodes.SERVICE_UNAVAILABLE, "the node is not ready yet")))));
  }
}
