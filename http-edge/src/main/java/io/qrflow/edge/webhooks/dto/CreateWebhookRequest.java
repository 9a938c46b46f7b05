package io.qrflow.edge.webhooks.dto;

import io.qrflow.projections.webhooks.WebhooksConsumer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** {@code POST /api/v1/webhooks}: where to send and which topics. */
public record CreateWebhookRequest(String url, List<String> topics, String description) {

  private static final int MAX_DESCRIPTION = 200;

  /** Problems visible without resolving the host (the URL's host is checked afterwards). */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (url == null || url.isBlank()) problems.add("'url' is required");
    if (topics == null || topics.isEmpty()) {
      problems.add("'topics' must name at least one topic");
    } else {
      for (String topic : topics) {
        if (topic == null || !WebhooksConsumer.OWNED_TOPICS.contains(topic)) {
          problems.add("'topics' may only hold " + String.join(", ",
              WebhooksConsumer.OWNED_TOPICS.stream().sorted().toList()) + "; not '" + topic + "'");
        }
      }
      if (new HashSet<>(topics).size() != topics.size()) problems.add("'topics' has duplicates");
    }
    if (description != null && description.length() > MAX_DESCRIPTION) {
      problems.add("'description' is longer than " + MAX_DESCRIPTION);
    }
    return problems;
  }
}
