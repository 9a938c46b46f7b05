package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 3 of the product on a real node: bad input gets a clear error and changes nothing. Every
 * refused request must answer the exact 4xx with an {@code application/problem+json} body whose
 * {@code status} matches and whose {@code detail} names the problem, must leave the caller's
 * codes, journal and listing as they were, and must never be a 5xx.
 */
class BadInputTest {

  private static final String PASSWORD = "a long enough password";
  private static final int BODY_LIMIT = 64 * 1024;

  /** Every response of this class passes through {@link #track}; 5xx answers are collected. */
  private static final List<String> SERVER_ERRORS = Collections.synchronizedList(new ArrayList<>());
  private static final AtomicInteger REQUESTS = new AtomicInteger();

  private final TestNode node = SharedNode.get();

  // --- POST /api/v1/qr --------------------------------------------------------------------------

  /** A bad create; {@code %CODE%} in the body stands for a fresh, well-formed custom code. */
  record BadCreate(String name, String contentType, boolean chunked, String body, int status,
      String detail, String code) {

    static BadCreate json(String name, String body, String detail) {
      return new BadCreate(name, "application/json", false, body, 400, detail, null);
    }

    /** The body names a custom code, so the test can check that code was never created. */
    static BadCreate withCode(String name, Map<String, Object> fields, String detail) {
      var body = new LinkedHashMap<String, Object>(fields);
      body.putIfAbsent("code", "%CODE%");
      return new BadCreate(name, "application/json", false, write(body), 400, detail,
          String.valueOf(body.get("code")));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadCreate> badCreates() {
    String oversized = "{\"target\":\"https://a.example\",\"code\":\"%CODE%\",\"title\":\""
        + "x".repeat(BODY_LIMIT + 1024) + "\"}";
    return Stream.of(
        BadCreate.json("malformed JSON", "{\"target\":", "malformed JSON"),
        BadCreate.json("empty body", "", "one JSON object"),
        BadCreate.json("JSON null", "null", "one JSON object"),
        BadCreate.json("JSON array", "[{\"target\":\"https://a.example\"}]", "one JSON object"),
        BadCreate.json("JSON number", "42", "one JSON object"),
        BadCreate.json("two JSON objects", "{\"target\":\"https://a.example\"} {}", "one JSON object"),
        BadCreate.json("unknown field", "{\"target\":\"https://a.example\",\"colour\":\"red\"}",
            "'colour' is not a known field"),
        BadCreate.json("tags not a list", "{\"target\":\"https://a.example\",\"tags\":\"a\"}",
            "'tags' has the wrong type"),
        BadCreate.json("target not a string", "{\"target\":{\"url\":\"https://a.example\"}}",
            "'target' has the wrong type"),
        BadCreate.withCode("missing target", Map.of(), "target is required"),
        BadCreate.withCode("javascript: target", Map.of("target", "javascript:alert(1)"),
            "absolute http or https URL"),
        BadCreate.withCode("data: target", Map.of("target", "data:text/html,x"),
            "absolute http or https URL"),
        BadCreate.withCode("file: target", Map.of("target", "file:///etc/passwd"),
            "absolute http or https URL"),
        BadCreate.withCode("target with credentials", Map.of("target", "https://user:pw@example.com/"),
            "must not contain credentials"),
        BadCreate.withCode("relative target", Map.of("target", "/x"), "absolute http or https URL"),
        BadCreate.withCode("target over 2048 characters",
            Map.of("target", "https://example.com/" + "a".repeat(2048 - 19)), "longer than 2048"),
        BadCreate.withCode("code too short", Map.of("target", "https://a.example", "code", "ab"),
            "code must match"),
        BadCreate.withCode("code with a space", Map.of("target", "https://a.example", "code", "has space"),
            "code must match"),
        BadCreate.withCode("code of 65 characters",
            Map.of("target", "https://a.example", "code", "a".repeat(65)), "code must match"),
        BadCreate.withCode("reserved code api", Map.of("target", "https://a.example", "code", "api"),
            "'api' is reserved"),
        BadCreate.withCode("reserved code health", Map.of("target", "https://a.example", "code", "HEALTH"),
            "'HEALTH' is reserved"),
        BadCreate.withCode("21 tags", Map.of("target", "https://a.example",
            "tags", IntStream.rangeClosed(1, 21).mapToObj(i -> "t" + i).toList()), "at most 20 tags"),
        BadCreate.withCode("title over 200 characters",
            Map.of("target", "https://a.example", "title", "t".repeat(201)), "longer than 200"),
        BadCreate.withCode("bad tag and bad title together", Map.of("target", "https://a.example",
            "title", "t".repeat(201), "tags", List.of("-bad")), "tags must be"),
        new BadCreate("text/plain body", "text/plain", false,
            "{\"target\":\"https://a.example\",\"code\":\"%CODE%\"}", 415, "application/json", "%CODE%"),
        new BadCreate("body over 64 KiB with Content-Length", "application/json", false, oversized,
            413, "too large", "%CODE%"),
        new BadCreate("body over 64 KiB chunked", "application/json", true, oversized,
            413, "too large", "%CODE%"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badCreates")
  void givenBadCreateRequest_whenPosted_thenProblemAndNoCodeJournalEntryOrListingRow(BadCreate c) {
    User user = signUp();
    String first = create(user.token, "{\"target\":\"https://example.com/first\"}").get("code").asText();
    awaitListed(user.token, first);
    long journalBefore = journalEventsOwnedBy(user.id);
    assertEquals(1, journalBefore, "the journal probe sees the first code's creation");

    String code = "%CODE%".equals(c.code) ? uniqueCode() : c.code;
    String body = c.body.replace("%CODE%", code == null ? "" : code);
    var builder = node.request("/api/v1/qr", user.token).header("Content-Type", c.contentType);
    var publisher = HttpRequest.BodyPublishers.ofString(body);
    var bad = send(builder.POST(c.chunked ? HttpRequest.BodyPublishers.fromPublisher(publisher) : publisher)
        .build());

    assertProblem(bad, c.status, c.detail);
    if (code != null) assertNoSuchCode(user.token, code);
    assertEquals(journalBefore, journalEventsOwnedBy(user.id), "no event was written for the user");

    String second = create(user.token, "{\"target\":\"https://example.com/second\"}").get("code").asText();
    JsonNode page = awaitListed(user.token, second);
    assertEquals(2, page.get("total").asInt(), page.toString());
    assertEquals(Set.of(first, second), codesOf(page), "the listing holds only the two valid codes");
  }

  @Test
  void givenTakenCustomCode_whenCreatedAgainByOwnerOrStranger_then409AndFirstTargetKept() {
    User owner = signUp();
    User stranger = signUp();
    String code = uniqueCode();
    create(owner.token, write(Map.of("target", "https://example.com/original", "code", code)));

    assertProblem(post("/api/v1/qr", owner.token,
        write(Map.of("target", "https://example.com/again", "code", code))), 409, "already taken");
    assertProblem(post("/api/v1/qr", stranger.token,
        write(Map.of("target", "https://evil.example/", "code", code))), 409, "already taken");

    JsonNode kept = ok(get("/api/v1/qr/" + code, owner.token));
    assertEquals("https://example.com/original", kept.get("target").asText());
    assertEquals(1, ok(get("/api/v1/qr/" + code + "/history", owner.token)).get("changes").size());
    assertEquals("https://example.com/original", location(code));
    assertEquals(1, journalEventsOf(code), "only the creation was journaled");
  }

  // --- PATCH /api/v1/qr/{code} ------------------------------------------------------------------

  static Stream<BadCreate> badPatches() {
    return Stream.of(
        BadCreate.json("empty object", "{}", "nothing to change"),
        BadCreate.json("malformed JSON", "{\"title\":", "malformed JSON"),
        BadCreate.json("JSON null", "null", "one JSON object"),
        BadCreate.json("unknown field", "{\"colour\":\"red\"}", "'colour' is not a known field"),
        BadCreate.json("javascript: target", "{\"target\":\"javascript:alert(1)\"}", "absolute http or https URL"),
        BadCreate.json("null-only fields", "{\"target\":null,\"title\":null}", "nothing to change"),
        BadCreate.json("status archived", "{\"status\":\"archived\"}", "archive with DELETE"),
        BadCreate.json("status not a string", "{\"status\":[\"paused\"]}", "'status' has the wrong type"),
        BadCreate.json("valid title with bad target",
            "{\"title\":\"changed\",\"target\":\"ftp://example.com/\"}", "absolute http or https URL"),
        BadCreate.json("valid target with 21 tags", "{\"target\":\"https://example.com/changed\",\"tags\":"
            + write(IntStream.rangeClosed(1, 21).mapToObj(i -> "t" + i).toList()) + "}", "at most 20 tags"),
        new BadCreate("text/plain body", "text/plain", false, "{\"title\":\"changed\"}", 415,
            "application/json", null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badPatches")
  void givenCode_whenBadPatchSent_thenProblemAndTargetTitleTagsStatusUnchanged(BadCreate c) {
    User user = signUp();
    String code = uniqueCode();
    JsonNode before = create(user.token, write(Map.of("target", "https://example.com/kept", "code", code,
        "title", "kept title", "tags", List.of("keep"))));
    long journalBefore = journalEventsOwnedBy(user.id);
    assertEquals(1, journalEventsOf(code), "the journal probe sees the creation");

    var bad = send(node.request("/api/v1/qr/" + code, user.token).header("Content-Type", c.contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(c.body)).build());

    assertProblem(bad, c.status, c.detail);
    assertUnchanged(before, ok(get("/api/v1/qr/" + code, user.token)));
    assertEquals(1, ok(get("/api/v1/qr/" + code + "/history", user.token)).get("changes").size());
    assertEquals(journalBefore, journalEventsOwnedBy(user.id), "no event was written for the user");
    assertEquals("https://example.com/kept", location(code));
  }

  @Test
  void givenArchivedCode_whenPatched_then409AndStillArchived() {
    User user = signUp();
    String code = create(user.token, "{\"target\":\"https://example.com/gone\"}").get("code").asText();
    assertEquals("archived", ok(delete("/api/v1/qr/" + code, user.token)).get("status").asText());

    assertProblem(patch("/api/v1/qr/" + code, user.token, "{\"target\":\"https://example.com/back\"}"),
        409, "archived code cannot be changed");
    assertProblem(patch("/api/v1/qr/" + code, user.token, "{\"status\":\"active\"}"),
        409, "archived code cannot be changed");

    JsonNode after = ok(get("/api/v1/qr/" + code, user.token));
    assertEquals("archived", after.get("status").asText());
    assertEquals("https://example.com/gone", after.get("target").asText());
    assertEquals(410, track(node.get("/r/" + code, null)).statusCode());
  }

  @Test
  void givenNoSuchCode_whenReadChangedOrArchived_then404Problem() {
    User user = signUp();
    String code = uniqueCode();
    assertProblem(patch("/api/v1/qr/" + code, user.token, "{\"title\":\"x\"}"), 404, "no QR code '" + code + "'");
    assertProblem(delete("/api/v1/qr/" + code, user.token), 404, "no QR code '" + code + "'");
    assertProblem(get("/api/v1/qr/" + code + "/history", user.token), 404, "no QR code");
    assertNoSuchCode(user.token, code);
    assertProblem(get("/api/v1/qr/has%20space", user.token), 404, "no QR code");
    assertProblem(get("/api/v1/qr/" + "a".repeat(65) + "/stats", user.token), 404, "no QR code");
  }

  // --- authentication ---------------------------------------------------------------------------

  /** A bad Authorization header, derived from a real access token; null means no header. */
  record BadAuth(String name, Function<String, String> header, String detail) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadAuth> badAuths() {
    return Stream.of(
        new BadAuth("no Authorization header", real -> null, "access token is required"),
        new BadAuth("Basic scheme", real -> "Basic xyz", "use the Bearer scheme"),
        new BadAuth("empty bearer", real -> "Bearer ", "Authorization: Bearer <token>"),
        new BadAuth("garbage bearer", real -> "Bearer not-a-token", "malformed token"),
        new BadAuth("one signature character changed", real -> "Bearer " + tamperSignature(real),
            "signature invalid"),
        new BadAuth("payload of another user with the real signature",
            real -> "Bearer " + swapSubject(real), "signature invalid"),
        new BadAuth("alg none with the real payload", real -> "Bearer " + algNone(real),
            "unsupported algorithm"),
        new BadAuth("HS256 with a made-up secret", real -> "Bearer " + hs256(real),
            "unsupported algorithm"),
        new BadAuth("ES256 by a foreign P-256 key with the real kid", real -> "Bearer " + foreignKey(real),
            "signature invalid"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badAuths")
  void givenBadCredentials_whenCallingTheApi_then401WithChallengeAndNothingCreated(BadAuth c) {
    User user = signUp();
    String header = c.header.apply(user.token);
    String code = uniqueCode();

    var create = node.request("/api/v1/qr", null).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("target", "https://example.com/x", "code", code))));
    if (header != null) create.header("Authorization", header);
    assertUnauthorized(send(create.build()), c.detail);

    var me = node.request("/api/v1/me", null).GET();
    if (header != null) me.header("Authorization", header);
    assertUnauthorized(send(me.build()), c.detail);

    assertNoSuchCode(user.token, code); // with the real token, which still works
  }

  // --- owner isolation --------------------------------------------------------------------------

  @Test
  void givenCodeOfUserA_whenUserBReadsChangesOrArchivesIt_then404AndItIsUnchanged() {
    User a = signUp();
    User b = signUp();
    String code = uniqueCode();
    JsonNode before = create(a.token, write(Map.of("target", "https://example.com/a", "code", code,
        "title", "A's", "tags", List.of("mine"))));

    String notFound = "no QR code '" + code + "'";
    assertProblem(get("/api/v1/qr/" + code, b.token), 404, notFound);
    assertProblem(patch("/api/v1/qr/" + code, b.token, "{\"target\":\"https://evil.example/\"}"), 404, notFound);
    assertProblem(patch("/api/v1/qr/" + code, b.token, "{\"status\":\"paused\"}"), 404, notFound);
    assertProblem(delete("/api/v1/qr/" + code, b.token), 404, notFound);
    assertProblem(get("/api/v1/qr/" + code + "/history", b.token), 404, notFound);
    assertProblem(get("/api/v1/qr/" + code + "/stats", b.token), 404, notFound);

    assertUnchanged(before, ok(get("/api/v1/qr/" + code, a.token)));
    assertEquals(1, ok(get("/api/v1/qr/" + code + "/history", a.token)).get("changes").size());
    assertEquals("https://example.com/a", location(code), "still active and pointing at A's target");

    String own = create(b.token, "{\"target\":\"https://example.com/b\"}").get("code").asText();
    JsonNode page = awaitListed(b.token, own);
    assertEquals(Set.of(own), codesOf(page), "B's listing holds only B's code");
    assertEquals(1, page.get("total").asInt());
    assertTrue(codesOf(ok(get("/api/v1/qr?q=" + code, b.token))).isEmpty(), "searching finds nothing");
    assertTrue(codesOf(ok(get("/api/v1/qr?tag=mine", b.token))).isEmpty(), "filtering finds nothing");
  }

  // --- register, login, refresh -----------------------------------------------------------------

  @Test
  void givenInvalidEmailShortPasswordNoDisplayName_whenRegistering_then400ListingEachProblem() {
    var bad = post("/api/v1/auth/register", null, "{\"email\":\"not-an-email\",\"password\":\"short\"}");

    JsonNode problem = assertProblem(bad, 400, "email must be a valid e-mail address");
    assertTrue(problem.get("detail").asText().contains("password must have at least 10 characters"), problem.toString());
    assertTrue(problem.get("detail").asText().contains("displayName"), problem.toString());
    assertEquals(3, problem.get("errors").size(), problem.toString());
  }

  static Stream<BadCreate> badRegistrations() {
    return Stream.of(
        BadCreate.json("short password", "{\"email\":\"%EMAIL%\",\"password\":\"123456789\","
            + "\"displayName\":\"Tester\"}", "password must have at least 10 characters"),
        BadCreate.json("blank display name", "{\"email\":\"%EMAIL%\",\"password\":\"" + PASSWORD + "\","
            + "\"displayName\":\"   \"}", "displayName must be"),
        BadCreate.json("display name with a control character", "{\"email\":\"%EMAIL%\",\"password\":\""
            + PASSWORD + "\",\"displayName\":\"a\\u0000b\"}", "without control characters"),
        BadCreate.json("unknown field", "{\"email\":\"%EMAIL%\",\"password\":\"" + PASSWORD + "\","
            + "\"displayName\":\"Tester\",\"role\":\"admin\"}", "'role' is not a known field"),
        BadCreate.json("malformed JSON", "{\"email\":\"%EMAIL%\",", "malformed JSON"),
        BadCreate.json("JSON null", "null", "one JSON object"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badRegistrations")
  void givenBadRegistration_whenSent_then400AndTheEmailIsStillFree(BadCreate c) {
    String email = uniqueEmail();
    assertProblem(post("/api/v1/auth/register", null, c.body.replace("%EMAIL%", email)), 400, c.detail);

    assertProblem(post("/api/v1/auth/login", null, credentials(email, PASSWORD)), 401, "invalid e-mail or password");
    assertEquals(201, track(node.post("/api/v1/auth/register", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Tester\"}")).statusCode(),
        "the refused registration reserved nothing");
  }

  @Test
  void givenRegisteredEmail_whenRegisteredAgainInOtherCase_then409AndTheFirstPasswordStillWorks() {
    String local = "x-" + UUID.randomUUID();
    var first = post("/api/v1/auth/register", null,
        "{\"email\":\"" + local.toUpperCase(Locale.ROOT) + "@Example.com\",\"password\":\"" + PASSWORD
            + "\",\"displayName\":\"First\"}");
    assertEquals(201, first.statusCode(), first.body());

    assertProblem(post("/api/v1/auth/register", null, "{\"email\":\"" + local + "@example.com\","
        + "\"password\":\"another long password\",\"displayName\":\"Second\"}"), 409, "already exists");

    assertProblem(post("/api/v1/auth/login", null, credentials(local + "@example.com", "another long password")),
        401, "invalid e-mail or password");
    var login = post("/api/v1/auth/login", null, credentials(local + "@example.com", PASSWORD));
    assertEquals(200, login.statusCode(), login.body());
    JsonNode me = ok(get("/api/v1/me", TestNode.json(login).get("accessToken").asText()));
    assertEquals("First", me.get("displayName").asText());
  }

  @Test
  void givenAccount_whenLoginWithWrongPasswordOrUnknownEmail_then401WithTheSameDetail() {
    String email = uniqueEmail();
    node.signUp(email);

    var wrongPassword = post("/api/v1/auth/login", null, credentials(email, "not the password at all"));
    var unknownEmail = post("/api/v1/auth/login", null, credentials(uniqueEmail(), PASSWORD));

    JsonNode a = assertUnauthorized(wrongPassword, "invalid e-mail or password");
    JsonNode b = assertUnauthorized(unknownEmail, "invalid e-mail or password");
    assertEquals(a.get("detail").asText(), b.get("detail").asText());
    assertProblem(post("/api/v1/auth/login", null, "{\"email\":\"" + email + "\"}"), 400, "email and password are required");
  }

  @Test
  void givenUnknownOrMissingRefreshToken_whenRefreshing_then401Or400() {
    assertUnauthorized(post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + "A".repeat(43) + "\"}"),
        "refresh token is invalid or expired");
    assertUnauthorized(post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"nope\"}"),
        "refresh token is invalid or expired");
    assertProblem(post("/api/v1/auth/refresh", null, "{}"), 400, "refreshToken is required");
    assertProblem(post("/api/v1/auth/refresh", null, "{\"refreshToken\":[\"x\"]}"), 400, "'refreshToken' has the wrong type");
  }

  @Test
  void givenRotatedRefreshToken_whenReused_then401AndTheWholeFamilyIsRevoked() {
    String email = uniqueEmail();
    node.signUp(email);
    JsonNode login = ok(post("/api/v1/auth/login", null, credentials(email, PASSWORD)));
    String r1 = login.get("refreshToken").asText();

    JsonNode rotated = ok(post("/api/v1/auth/refresh", null, refresh(r1)));
    String r2 = rotated.get("refreshToken").asText();
    assertFalse(r1.equals(r2));

    assertUnauthorized(post("/api/v1/auth/refresh", null, refresh(r1)), "already used");
    assertUnauthorized(post("/api/v1/auth/refresh", null, refresh(r2)), "refresh token");
  }

  // --- paging, images, scans, routing -----------------------------------------------------------

  @Test
  void givenBadPagingParameters_whenListing_then400NamingTheParameter() {
    User user = signUp();
    assertProblem(get("/api/v1/qr?size=0", user.token), 400, "size must be an integer between 1 and 100");
    assertProblem(get("/api/v1/qr?size=101", user.token), 400, "size must be an integer between 1 and 100");
    assertProblem(get("/api/v1/qr?size=x", user.token), 400, "size must be an integer between 1 and 100");
    assertProblem(get("/api/v1/qr?page=-1", user.token), 400, "page must be an integer >= 0");
    assertProblem(get("/api/v1/qr?page=abc", user.token), 400, "page must be an integer >= 0");
    assertProblem(get("/api/v1/qr?page=99999999999", user.token), 400, "page must be an integer >= 0");
    assertEquals(0, ok(get("/api/v1/qr?page=0&size=100", user.token)).get("total").asInt());
    assertEquals(0, ok(get("/api/v1/qr?page=2147483647&size=100", user.token)).get("items").size());
  }

  @Test
  void givenBadImageRequests_whenFetched_thenProblem404Or400() {
    User user = signUp();
    String code = create(user.token, "{\"target\":\"https://example.com/img\"}").get("code").asText();

    assertProblem(get("/q/" + code + ".gif", null), 404, "/q/{code}.png");
    assertProblem(get("/q/" + code, null), 404, "/q/{code}.png");
    assertProblem(get("/q/" + code + ".png?size=10", null), 400, "size");
    assertProblem(get("/q/" + code + ".png?size=99999999999", null), 400, "size");
    assertProblem(get("/q/" + code + ".svg?ecc=X", null), 400, "ecc must be one of L, M, Q, H");
    assertProblem(get("/q/" + code + ".png?fg=zzzzzz", null), 400, "fg");
    assertProblem(get("/q/" + code + ".png?fg=ffffff&bg=ffffff", null), 400, "fg and bg must be different colors");
    assertProblem(get("/q/" + uniqueCode() + ".png", null), 404, "no QR code");
    assertProblem(get("/q/ab.png", null), 404, "/q/{code}.png");
    assertEquals(200, track(node.getBytes("/q/" + code + ".png")).statusCode(), "the code itself still renders");
  }

  @Test
  void givenMalformedOrUnknownCodes_whenScanned_then404HtmlPageWithoutEchoingTheInput() {
    for (String path : List.of("/r/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/r/" + "a".repeat(65), "/r/ab",
        "/r/" + uniqueCode(), "/r/%F0%9F%98%80", "/r/..%2F..%2Fetc%2Fpasswd")) {
      var scan = get(path, null);
      assertEquals(404, scan.statusCode(), path);
      assertTrue(scan.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
      assertTrue(scan.body().contains("does not exist"), path);
      assertFalse(scan.body().contains("<script>"), path);
    }
  }

  @Test
  void givenUnknownPathOrWrongMethod_whenCalled_then404Or405Problem() {
    User user = signUp();
    assertProblem(get("/api/v1/nope", user.token), 404, "could not be found");
    var put = send(node.request("/api/v1/qr", user.token).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"target\":\"https://a.example\"}")).build());
    assertProblem(put, 405, "method not allowed, supported methods: POST, GET");
    assertProblem(get("/api/v1/auth/login", null), 405, "supported methods: POST");
  }

  @AfterAll
  static void noRequestOfThisClassGotA5xx() {
    assertTrue(REQUESTS.get() > 0);
    assertEquals(List.of(), SERVER_ERRORS, "5xx answers to bad input");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private record User(String token, String id) {}

  private User signUp() {
    String token = node.signUp(uniqueEmail()).get("accessToken").asText();
    return new User(token, ok(get("/api/v1/me", token)).get("userId").asText());
  }

  private JsonNode create(String token, String body) {
    var created = post("/api/v1/qr", token, body);
    assertEquals(201, created.statusCode(), created.body());
    return TestNode.json(created);
  }

  private HttpResponse<String> get(String path, String token) {
    return track(node.get(path, token));
  }

  private HttpResponse<String> post(String path, String token, String json) {
    return track(node.post(path, token, json));
  }

  private HttpResponse<String> patch(String path, String token, String json) {
    return track(node.patch(path, token, json));
  }

  private HttpResponse<String> delete(String path, String token) {
    return track(node.delete(path, token));
  }

  private HttpResponse<String> send(HttpRequest request) {
    return track(node.send(request));
  }

  /** Every response passes here: a 5xx fails the test at once and is remembered for the class. */
  private static <T> HttpResponse<T> track(HttpResponse<T> response) {
    REQUESTS.incrementAndGet();
    if (response.statusCode() >= 500) {
      String call = response.request().method() + " " + response.request().uri() + " -> " + response.statusCode();
      SERVER_ERRORS.add(call);
      fail("5xx for bad input: " + call + " " + response.body());
    }
    return response;
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return TestNode.json(response);
  }

  /** The exact status, a problem+json body with the same status and a detail naming the problem. */
  private static JsonNode assertProblem(HttpResponse<String> response, int status, String detail) {
    String what = response.request().method() + " " + response.request().uri() + ": " + response.body();
    assertEquals(status, response.statusCode(), what);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    assertTrue(contentType.startsWith("application/problem+json"), "Content-Type " + contentType + " of " + what);
    JsonNode problem = TestNode.json(response);
    assertEquals(status, problem.path("status").asInt(), what);
    String text = problem.path("detail").asText("");
    assertFalse(text.isBlank(), what);
    assertTrue(text.contains(detail), "detail should contain '" + detail + "': " + what);
    return problem;
  }

  private static JsonNode assertUnauthorized(HttpResponse<String> response, String detail) {
    JsonNode problem = assertProblem(response, 401, detail);
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
        "401 carries a Bearer challenge");
    return problem;
  }

  /** The code answers 404 to its owner, has no stats and not one event in the journal. */
  private void assertNoSuchCode(String token, String code) {
    String path = "/api/v1/qr/" + code.replace(" ", "%20");
    assertProblem(get(path, token), 404, "no QR code");
    assertProblem(get(path + "/stats", token), 404, "no QR code");
    assertEquals(0, journalEventsOf(code), "no event for " + code);
  }

  private static void assertUnchanged(JsonNode before, JsonNode after) {
    for (String field : List.of("code", "target", "title", "tags", "status", "updatedAt")) {
      assertEquals(before.get(field), after.get(field), field);
    }
  }

  private String location(String code) {
    var scan = get("/r/" + code, null);
    assertEquals(302, scan.statusCode(), scan.body());
    return scan.headers().firstValue("Location").orElseThrow();
  }

  /**
   * Polls the eventually consistent listing until {@code code} shows up in a page whose total
   * agrees with its items (the listing counts and selects in two statements, which a projection
   * write can fall between); returns that page.
   */
  private JsonNode awaitListed(String token, String code) {
    return TestNode.eventually(() -> {
      JsonNode page = ok(get("/api/v1/qr?size=100", token));
      boolean consistent = page.get("total").asInt() == page.get("items").size();
      return consistent && codesOf(page).contains(code) ? page : null;
    });
  }

  private static Set<String> codesOf(JsonNode page) {
    Set<String> codes = new java.util.HashSet<>();
    page.get("items").forEach(item -> codes.add(item.get("code").asText()));
    return codes;
  }

  private static long journalEventsOf(String code) {
    return count("SELECT count(*) FROM journal.event_journal WHERE persistence_id = ?", "QrCode|" + code);
  }

  private static long journalEventsOwnedBy(String userId) {
    return count("SELECT count(*) FROM journal.event_journal WHERE persistence_id LIKE 'QrCode|%'"
        + " AND convert_from(event_payload, 'UTF8') LIKE ?", "%\"ownerId\":\"" + userId + "\"%");
  }

  private static long count(String sql, String parameter) {
    return Long.parseLong(SharedNode.column(sql, parameter).get(0));
  }

  private static String uniqueEmail() {
    return UUID.randomUUID() + "@example.com";
  }

  private static String uniqueCode() {
    return "bad-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static String credentials(String email, String password) {
    return write(Map.of("email", email, "password", password));
  }

  private static String refresh(String token) {
    return write(Map.of("refreshToken", token));
  }

  private static String write(Object value) {
    try {
      return TestNode.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- forged tokens ----------------------------------------------------------------------------

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** Changes one character in the middle of the signature (the last one may only hold padding bits). */
  private static String tamperSignature(String jwt) {
    int i = jwt.lastIndexOf('.') + 10;
    char replaced = jwt.charAt(i) == 'A' ? 'B' : 'A';
    return jwt.substring(0, i) + replaced + jwt.substring(i + 1);
  }

  /** The real header and signature around claims naming another subject. */
  private static String swapSubject(String jwt) {
    try {
      SignedJWT real = SignedJWT.parse(jwt);
      var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder(real.getJWTClaimsSet())
          .subject(UUID.randomUUID().toString()).build();
      String[] parts = jwt.split("\\.");
      return parts[0] + "." + BASE64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8))
          + "." + parts[2];
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String algNone(String jwt) {
    String header = BASE64URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    return header + "." + jwt.split("\\.")[1] + ".";
  }

  private static String hs256(String jwt) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    try {
      return resign(jwt, JWSAlgorithm.HS256, new MACSigner(secret));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String foreignKey(String jwt) {
    try {
      String kid = SignedJWT.parse(jwt).getHeader().getKeyID();
      return resign(jwt, JWSAlgorithm.ES256, new ECDSASigner(new ECKeyGenerator(Curve.P_256).keyID(kid).generate()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The real token's kid and claims, signed by someone else. */
  private static String resign(String jwt, JWSAlgorithm algorithm, JWSSigner signer) throws Exception {
    SignedJWT real = SignedJWT.parse(jwt);
    JWSHeader header = new JWSHeader.Builder(algorithm).keyID(real.getHeader().getKeyID())
        .type(JOSEObjectType.JWT).build();
    SignedJWT forged = new SignedJWT(header, real.getJWTClaimsSet());
    forged.sign(signer);
    return forged.serialize();
  }
}
