package io.qrflow.projections.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.microsite.Block;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Theme;
import io.qrflow.microsite.Visit;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.Scan;
import io.qrflow.user.UserAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the publishers send matches docs/events.md, field by field and type by type. */
class ContractsTest {

  private static final Path DOC = Path.of("..", "docs", "events.md");
  private static final Pattern SECTION = Pattern.compile("^### (\\S+)$", Pattern.MULTILINE);
  private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| ([^|]+) \\|", Pattern.MULTILINE);
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
  private static final String OWNER = "6f0c1a4e-4c53-4d3c-9a59-2ad3d7b0a001";

  @Test
  void everyTopicIsDocumented() throws IOException {
    assertEquals(new HashSet<>(Topics.ALL), documented().keySet());
    assertEquals(13, Topics.ALL.size());
  }

  @Test
  void everyLiveMessageMatchesItsDocumentedFieldsAndTypes() throws IOException {
    Map<String, Map<String, String>> doc = documented();
    Map<String, String> envelope = envelopeFields();
    Set<String> seen = new HashSet<>();
    for (OutgoingMessage message : samples()) {
      JsonNode json = ContractJson.MAPPER.readTree(ContractJson.bytes(message.value()));
      assertFields(envelope, json, "envelope of " + message.topic());
      assertEquals(message.topic(), json.get("type").asText());
      assertEquals(message.key(), json.get("key").asText());
      assertFields(doc.get(message.topic()), json.get("payload"), message.topic());
      seen.add(message.topic());
    }
    assertEquals(Set.of(Topics.USER_REGISTERED, Topics.USER_LOGGED_IN, Topics.QR_CREATED,
        Topics.QR_UPDATED, Topics.QR_DELETED, Topics.QR_SCANNED, Topics.MICROSITE_CREATED,
        Topics.MICROSITE_PUBLISHED, Topics.ML_GENERATION_REQUESTED, Topics.ML_GENERATION_COMPLETE,
        Topics.ML_ANOMALY_DETECTED, Topics.ANALYTICS_EVENT, Topics.INSIGHTS_ALERT), seen,
        "every live topic sampled");
  }

  @Test
  void aBatchOfScansBecomesOneMessagePerScanWithStableDistinctIds() {
    var batch = new QrCode.ScansRecorded("spring", OWNER, List.of(scan(1), scan(2), scan(3)));

    List<OutgoingMessage> first = QrCodeContracts.messages("QrCode|spring", 7, batch);
    List<OutgoingMessage> redelivered = QrCodeContracts.messages("QrCode|spring", 7, batch);

    assertEquals(3, first.size());
    List<String> ids = first.stream().map(m -> m.value().eventId()).toList();
    assertEquals(List.of("QrCode|spring:7:0", "QrCode|spring:7:1", "QrCode|spring:7:2"), ids);
    assertEquals(ids, redelivered.stream().map(m -> m.value().eventId()).toList());
    assertTrue(first.stream().allMatch(m -> m.key().equals("spring") && m.topic().equals(Topics.QR_SCANNED)));
  }

  @Test
  void aBatchOfVisitsBecomesOneAnalyticsEventPerVisitAndMlIdsDeriveFromTheirCause() {
    var batch = new Microsite.VisitsRecorded("bakery", OWNER, List.of(
        new Visit(Visit.VIEW, null, AT, "v", null, "", null), new Visit(Visit.CLICK, "https://x.example", AT, "v", null, "", null)));

    List<String> ids = MicrositeContracts.messages("Microsite|bakery", 9, batch).stream()
        .map(m -> m.value().eventId()).toList();

    assertEquals(List.of("Microsite|bakery:9:0", "Microsite|bakery:9:1"), ids);
    var complete = new Payloads.GenerationComplete("r", "bakery", OWNER, "error", "x", "template", null, AT);
    assertEquals(MlContracts.generationComplete("Microsite|bakery:4", complete).value().eventId(),
        MlContracts.generationComplete("Microsite|bakery:4", complete).value().eventId());
    assertEquals("ml:Microsite|bakery:4", MlContracts.generationComplete("Microsite|bakery:4", complete).value().eventId());
  }

  @Test
  void userMessagesAreKeyedByUserIdAndNeverCarryThePasswordHash() {
    var registered = new UserAccount.UserRegistered("ada@example.com", OWNER, "Ada", "$argon2id$secret", AT);

    OutgoingMessage message = UserAccountContracts.messages(1, registered).get(0);

    assertEquals(OWNER, message.key());
    assertNotEquals(-1, message.value().eventId().indexOf(OWNER));
    assertFalse(ContractJson.text(message.value()).contains("argon2"));
    assertFalse(message.value().eventId().contains("ada@example.com"));
  }

  private static List<OutgoingMessage> samples() {
    List<OutgoingMessage> all = new ArrayList<>();
    String pid = "QrCode|spring";
    all.addAll(QrCodeContracts.messages(pid, 1, new QrCode.QrCodeCreated("spring", OWNER, "https://a.example", "T", List.of("x"), AT)));
    all.addAll(QrCodeContracts.messages(pid, 2, new QrCode.TargetChanged("spring", OWNER, "https://a.example", "https://b.example", AT)));
    all.addAll(QrCodeContracts.messages(pid, 3, new QrCode.DetailsChanged("spring", OWNER, "T2", List.of(), AT)));
    all.addAll(QrCodeContracts.messages(pid, 4, new QrCode.QrCodePaused("spring", OWNER, AT)));
    all.addAll(QrCodeContracts.messages(pid, 5, new QrCode.QrCodeResumed("spring", OWNER, AT)));
    all.addAll(QrCodeContracts.messages(pid, 6, new QrCode.ScansRecorded("spring", OWNER, List.of(scan(1),
        new Scan(AT, "v", null, "", null, null)))));
    all.addAll(QrCodeContracts.messages(pid, 7, new QrCode.QrCodeArchived("spring", OWNER, AT)));
    all.addAll(UserAccountContracts.messages(1, new UserAccount.UserRegistered("ada@example.com", OWNER, "Ada", "h", AT)));
    all.addAll(UserAccountContracts.messages(2, new UserAccount.UserLoggedIn("ada@example.com", OWNER, "Mozilla", AT)));
    String site = "Microsite|bakery";
    all.addAll(MicrositeContracts.messages(site, 1, new Microsite.MicrositeCreated("bakery", OWNER, "Bakery", null,
        Theme.DEFAULT, List.of(), AT)));
    all.addAll(MicrositeContracts.messages(site, 2, new Microsite.MicrositePublished("bakery", OWNER, 1, AT)));
    all.addAll(MicrositeContracts.messages(site, 3, new Microsite.MicrositeUnpublished("bakery", OWNER, 1, AT)));
    all.addAll(MicrositeContracts.messages(site, 4, new Microsite.GenerationRequested("bakery", OWNER,
        "9b2f6c1e-0d4a-4e47-9c43-7f3c2d1a0b01", "a bakery", null, "en", AT)));
    all.addAll(MicrositeContracts.messages(site, 5, new Microsite.VisitsRecorded("bakery", OWNER, List.of(
        new Visit(Visit.VIEW, null, AT, "v1", "DE", "Mozilla", "news.example"),
        new Visit(Visit.CLICK, "https://bakery.example", AT, "v1", null, "", null)))));
    all.add(MlContracts.generationComplete("Microsite|bakery:4", new Payloads.GenerationComplete(
        "9b2f6c1e-0d4a-4e47-9c43-7f3c2d1a0b01", "bakery", OWNER, "ok", null, "template",
        new Payloads.GeneratedContent("Bakery", "Fresh", List.of(new Block.Heading("Hi", 1))), AT)));
    all.add(MlContracts.generationComplete("Microsite|bakery:6", new Payloads.GenerationComplete(
        "9b2f6c1e-0d4a-4e47-9c43-7f3c2d1a0b02", "bakery", OWNER, "error", "timed out", "openai", null, AT)));
    all.add(MlContracts.anomaly(new Payloads.AnomalyDetected("spring", OWNER, "spike", 9.5, 3.0, 40,
        AT, AT.plusSeconds(300), Map.of("baselineDeviation", 1.2))));
    all.add(InsightsContracts.alert(UUID.randomUUID(), OWNER, UUID.randomUUID(), "scan-threshold",
        "spring: 100 scans in 60 min", "spring reached 100 scans", "spring", AT,
        List.of("email", "webhook"), UUID.randomUUID()));
    all.add(InsightsContracts.alert(UUID.randomUUID(), OWNER, UUID.randomUUID(), "digest",
        "Daily digest", "3 scans", null, AT, List.of("email"), null));
    return all;
  }

  private static Scan scan(int i) {
    return new Scan(AT.plusSeconds(i), "visitor" + i, "DE", "Mozilla/5.0", "news.example", "de-DE");
  }

  private static void assertFields(Map<String, String> documented, JsonNode json, String where) {
    Set<String> actual = new HashSet<>();
    json.fieldNames().forEachRemaining(actual::add);
    assertEquals(documented.keySet(), actual, where + ": fields");
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      var field = it.next();
      assertTrue(typeMatches(documented.get(field.getKey()), field.getValue()),
          where + "." + field.getKey() + " is " + field.getValue().getNodeType()
              + " but documented as " + documented.get(field.getKey()));
    }
  }

  private static boolean typeMatches(String documented, JsonNode value) {
    if (value.isNull()) return documented.contains("or null");
    if (documented.startsWith("string")) return value.isTextual();
    if (documented.startsWith("integer")) return value.isIntegralNumber();
    if (documented.startsWith("number")) return value.isNumber();
    if (documented.startsWith("boolean")) return value.isBoolean();
    if (documented.startsWith("array")) {
      if (!value.isArray()) return false;
      for (JsonNode element : value) if (!element.isTextual()) return false;
      return true;
    }
    if (documented.startsWith("object")) return value.isObject();
    return false;
  }

  /** topic → (field → documented type), from the table under each "### topic" heading. */
  private static Map<String, Map<String, String>> documented() throws IOException {
    String text = Files.readString(DOC);
    Map<String, Map<String, String>> topics = new HashMap<>();
    Matcher sections = SECTION.matcher(text);
    String topic = null;
    int from = 0;
    while (sections.find()) {
      if (topic != null) topics.put(topic, fields(text.substring(from, sections.start())));
      topic = sections.group(1);
      from = sections.end();
    }
    if (topic != null) topics.put(topic, fields(text.substring(from)));
    return topics;
  }

  /** The envelope table comes before the first horizontal rule. */
  private static Map<String, String> envelopeFields() throws IOException {
    String text = Files.readString(DOC);
    return fields(text.substring(0, text.indexOf("\n---\n")));
  }

  private static Map<String, String> fields(String table) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher rows = ROW.matcher(table);
    while (rows.find()) fields.put(rows.group(1), rows.group(2).trim());
    return fields;
  }
}
