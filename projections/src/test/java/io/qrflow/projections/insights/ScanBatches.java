package io.qrflow.projections.insights;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.projections.consume.MessageHandler;
import io.qrflow.projections.contracts.ContractJson;
import io.qrflow.projections.contracts.Envelope;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.contracts.Topics;
import io.qrflow.projections.testing.ServiceFixture;
import java.io.IOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the insights handler's {@code applyAll} directly on the fixture's database, one batch per
 * transaction, as the consumer base does for the messages of one partition.
 */
final class ScanBatches {

  private static final AtomicInteger SEQ = new AtomicInteger();

  final ServiceFixture services = ServiceFixture.get();
  final Workflows workflows = new Workflows(services.pool, ServiceFixture.INSIGHTS_CLOCK);
  private final MessageHandler handler = InsightsConsumer.definition().handler();

  void apply(List<? extends Envelope<?>> batch) throws Exception {
    try (Connection c = services.pool.getConnection()) {
      c.setAutoCommit(false);
      handler.applyAll(c, messages(batch));
      c.commit();
    }
  }

  void applyOneByOne(List<? extends Envelope<?>> messages) throws Exception {
    for (Envelope<?> message : messages) apply(List.of(message));
  }

  static List<MessageHandler.Message> messages(List<? extends Envelope<?>> batch) throws IOException {
    List<MessageHandler.Message> messages = new ArrayList<>();
    for (Envelope<?> e : batch) {
      JsonNode wire = ContractJson.MAPPER.readTree(ContractJson.bytes(e));
      messages.add(new MessageHandler.Message(e.type(), wire));
    }
    return messages;
  }

  static String code(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  static Envelope<Payloads.QrScanned> scan(String code, String owner, Instant at, String country) {
    int seq = SEQ.incrementAndGet();
    return new Envelope<>("batch-scan:" + code + ":" + seq + ":0", Topics.QR_SCANNED, 1, at, code,
        new Payloads.QrScanned(code, owner, at, "visitor" + seq, country, "Mozilla/5.0", null, "de-DE"));
  }

  static Envelope<Payloads.QrCreated> created(String code, String owner, List<String> tags, Instant at) {
    return new Envelope<>("QrCode|" + code + ":1", Topics.QR_CREATED, 1, at, code,
        new Payloads.QrCreated(code, owner, "https://example.com", null, tags, at));
  }

  Workflow threshold(String owner, String code, String tag, int threshold, int windowMinutes) throws Exception {
    return workflows.create(owner, "threshold " + (code != null ? code : tag), new Workflow.Trigger(
        Workflow.SCAN_THRESHOLD, code, tag, threshold, windowMinutes, null, null, null, null),
        new Workflow.Actions(true, null), true);
  }

  Workflow simple(String owner, String kind, String code) throws Exception {
    return workflows.create(owner, kind, new Workflow.Trigger(kind, code, null, null, null, null, null,
        null, null), new Workflow.Actions(true, null), true);
  }

  /** Firing key, title, code and time of a workflow's firings, in the order they fired. */
  List<String> firings(UUID workflow) {
    return services.rows("SELECT firing_key, title, code, fired_at AT TIME ZONE 'UTC'"
        + " FROM workflow_db.insight_firings WHERE workflow_id = ? ORDER BY fired_at, firing_key", workflow);
  }
}
