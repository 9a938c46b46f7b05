package io.qrflow.edge.insights.dto;

import io.qrflow.projections.insights.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code POST/PUT /api/v1/workflows}: a name, a trigger and actions; enabled unless said otherwise. */
public record WorkflowRequest(String name, Boolean enabled, Workflow.Trigger trigger, ActionsRequest actions) {

  public record ActionsRequest(Boolean email, String webhookEndpointId) {}

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (actions != null && actions.webhookEndpointId() != null && endpointId() == null) {
      problems.add("'actions.webhookEndpointId' is not a webhook id");
    }
    problems.addAll(Workflow.problems(name, trigger, workflowActions()));
    return problems;
  }

  public Workflow.Actions workflowActions() {
    if (actions == null) return null;
    return new Workflow.Actions(Boolean.TRUE.equals(actions.email()), endpointId());
  }

  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  private UUID endpointId() {
    try {
      return actions.webhookEndpointId() == null ? null : UUID.fromString(actions.webhookEndpointId());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
