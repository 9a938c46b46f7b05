package io.qrflow.edge.insights;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import io.qrflow.edge.auth.BearerAuth;
import io.qrflow.edge.auth.Principal;
import io.qrflow.edge.http.Blocking;
import io.qrflow.edge.http.Json;
import io.qrflow.edge.http.Problems;
import io.qrflow.edge.insights.dto.WorkflowRequest;
import io.qrflow.edge.webhooks.WebhookRoutes;
import io.qrflow.projections.insights.Workflow;
import io.qrflow.projections.insights.Workflows;
import io.qrflow.projections.webhooks.WebhookEndpoints;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/workflows}: the caller's insight workflows (trigger → actions). A webhook action
 * must name one of the caller's own webhooks. Another user's workflow is a 404.
 */
public final class WorkflowRoutes {

  private final Workflows workflows;
  private final WebhookEndpoints endpoints;
  private final BearerAuth auth;
  private final Blocking blocking;

  public WorkflowRoutes(Workflows workflows, WebhookEndpoints endpoints, BearerAuth auth, Blocking blocking) {
    this.workflows = workflows;
    this.endpoints = endpoints;
    this.auth = auth;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix("workflows", () -> auth.authenticated(user -> concat(
        pathEnd(() -> concat(
            post(() -> entity(Json.unmarshaller(WorkflowRequest.class), req -> save(user, null, req))),
            get(() -> blocking.run(() -> workflows.list(user.userId()),
                list -> complete(StatusCodes.OK, list.stream().map(WorkflowRoutes::view).toList(), Json.marshaller()))))),
        pathPrefix(PathMatchers.segment(), text -> WebhookRoutes.withId(text, "workflow", id ->
            pathEnd(() -> concat(
              get(() -> blocking.found(() -> workflows.find(user.userId(), id), "workflow " + text,
                  w -> complete(StatusCodes.OK, view(w), Json.marshaller()))),
              put(() -> entity(Json.unmarshaller(WorkflowRequest.class), req -> save(user, id, req))),
              delete(() -> blocking.run(() -> workflows.delete(user.userId(), id), deleted -> deleted
                  ? complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT))
                  : Problems.problem(StatusCodes.NOT_FOUND, "no workflow " + text))))))))));
  }

  private Route save(Principal user, UUID id, WorkflowRequest req) {
    List<String> problems = req.problems();
    if (!problems.isEmpty()) return Problems.invalid(problems);
    Workflow.Actions actions = req.workflowActions();
    return blocking.found(() -> {
      checkEndpoint(user, actions);
      return id == null
          ? java.util.Optional.of(workflows.create(user.userId(), req.name(), req.trigger(), actions, req.isEnabled()))
          : workflows.update(user.userId(), id, req.name(), req.trigger(), actions, req.isEnabled());
    }, "workflow " + id, w -> complete(id == null ? StatusCodes.CREATED : StatusCodes.OK, view(w), Json.marshaller()));
  }

  private void checkEndpoint(Principal user, Workflow.Actions actions) throws SQLException {
    UUID endpoint = actions.webhookEndpointId();
    if (endpoint != null && endpoints.find(user.userId(), endpoint).isEmpty()) {
      throw new Blocking.Invalid("'actions.webhookEndpointId' is not one of your webhooks");
    }
  }

  /** The stored workflow without its owner id. */
  public record WorkflowView(UUID id, String name, boolean enabled, Workflow.Trigger trigger,
      Workflow.Actions actions, java.time.Instant createdAt, java.time.Instant updatedAt) {}

  private static WorkflowView view(Workflow w) {
    return new WorkflowView(w.id(), w.name(), w.enabled(), w.trigger(), w.actions(), w.createdAt(), w.updatedAt());
  }
}
