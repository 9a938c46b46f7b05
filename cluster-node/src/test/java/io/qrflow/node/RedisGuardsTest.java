package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qrflow.infra.EmbeddedRedisServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Rate limits, revocation and the image cache against a real redis-server that the test owns,
 * so it can stop it while scans flow. Clients are told apart by {@code X-Forwarded-For}.
 */
class RedisGuardsTest {

  private static final String PASSWORD = "a long enough password";
  private static final int SCAN_LIMIT = 5;
  /** Scans one address may get beyond its limit before the scan path hears of it (one flush). */
  private static final int MAX_SCANS_BEYOND_LIMIT = 50;
  private static final int REGISTRATION_LIMIT = 3;
  private static final int API_LIMIT = 30;
  private static final int FREE_LOGIN_ATTEMPTS = 3;
  private static final AtomicInteger nextIp = new AtomicInteger(1);

  private static Path dir;
  private static int redisPort;
  private static EmbeddedRedisServer redis;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("qrflow-redis-test");
    redis = EmbeddedRedisServer.start(dir.resolve("redis"), 0);
    redisPort = redis.port();
    node = TestNode.start(null, dir.resolve("node"), Map.of(
        "qrflow.redis.url", redis.url(),
        "qrflow.scan.client-ip-header", "X-Forwarded-For",
        "qrflow.limits.scans.limit", SCAN_LIMIT,
        "qrflow.limits.registrations.limit", REGISTRATION_LIMIT,
        "qrflow.limits.api.limit", API_LIMIT,
        // Buckets refill limit/window tokens per second: long windows keep a slow run of the
        // test from earning a token back before the limit is reached.
        "qrflow.limits.api.window", "1h",
        "qrflow.limits.scans.window", "1h",
        "qrflow.limits.login.free-attempts", FREE_LOGIN_ATTEMPTS,
        "qrflow.limits.login.base-lockout", "1s",
        "qrflow.limits.login.max-lockout", "4s"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (redis != null) redis.close();
  }

  @Test
  void givenScansFromOneAddress_whenOverTheLimit_then429WithRetryAfter_andOtherAddressesStillScan() {
    String code = createCode(signUp(), "https://example.com/limited");
    String ip = freshIp();
    int served = scansUntilRefused(code, ip);
    assertTrue(served > SCAN_LIMIT && served <= SCAN_LIMIT + MAX_SCANS_BEYOND_LIMIT,
        "refused after about one flush interval beyond the limit: " + served);
    HttpResponse<String> limited = scan(code, ip);
    assertProblem(limited, 429, "too many scans");
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= Duration.ofHours(1).toSeconds(), "one token back within the window: " + retryAfter);
    assertEquals(302, scan(code, freshIp()).statusCode());
    try (var jedis = new JedisPooled("127.0.0.1", redisPort)) {
      assertTrue(jedis.keys("qrflow:rl:scan:*").stream().noneMatch(k -> k.contains(ip)),
          "clients are keyed by a hash, never the raw IP");
    }
  }

  @Test
  void givenRegistrationsFromOneAddress_whenOverTheLimit_then429_andAnotherAddressMayRegister() {
    String ip = freshIp();
    for (int i = 0; i < REGISTRATION_LIMIT; i++) assertEquals(201, register(freshEmail(), ip).statusCode());
    HttpResponse<String> limited = register(freshEmail(), ip);
    assertProblem(limited, 429, "too many registrations");
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());
    assertEquals(201, register(freshEmail(), freshIp()).statusCode());
  }

  @Test
  void givenManyApiCalls_whenOverTheUsersLimit_then429WithRetryAfter() {
    String token = signUp().get("accessToken").asText();
    for (int i = 0; i < API_LIMIT; i++) assertEquals(200, node.get("/api/v1/me", token).statusCode());
    HttpResponse<String> limited = node.get("/api/v1/me", token);
    assertProblem(limited, 429, "too many API calls");
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());
    assertEquals(200, node.get("/api/v1/me", signUp().get("accessToken").asText()).statusCode());
  }

  @Test
  void givenFailedSignIns_thenLockoutsDouble_evenTheRightPasswordWaits_andSuccessResets() throws Exception {
    String email = freshEmail();
    String ip = freshIp();
    assertEquals(201, register(email, ip).statusCode());
    for (int i = 1; i < FREE_LOGIN_ATTEMPTS; i++) assertEquals(401, login(email, "wrong password!!", ip).statusCode());
    assertEquals(401, login(email, "wrong password!!", ip).statusCode()); // starts a 1 s lockout
    HttpResponse<String> locked = login(email, PASSWORD, ip);
    assertProblem(locked, 429, "too many failed sign-ins");
    assertEquals("1", locked.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(200, login(email, PASSWORD, freshIp()).statusCode(), "other addresses are not locked out");

    Thread.sleep(1_100);
    assertEquals(401, login(email, "wrong password!!", ip).statusCode()); // now 2 s
    assertEquals("2", login(email, PASSWORD, ip).headers().firstValue("Retry-After").orElseThrow());
    Thread.sleep(2_100);
    assertEquals(200, login(email, PASSWORD, ip).statusCode());
    assertEquals(401, login(email, "wrong password!!", ip).statusCode(), "success forgot the failures");
    assertEquals(200, login(email, PASSWORD, ip).statusCode());
  }

  @Test
  void givenLogout_thenTheAccessTokenIsRevokedUntilItExpires_andOtherSessionsStillWork() {
    String email = freshEmail();
    assertEquals(201, register(email, freshIp()).statusCode());
    JsonNode first = ApiClient.json(login(email, PASSWORD, freshIp()));
    JsonNode second = ApiClient.json(login(email, PASSWORD, freshIp()));
    String token = first.get("accessToken").asText();
    assertEquals(200, node.get("/api/v1/me", token).statusCode());

    assertEquals(204, node.post("/api/v1/auth/logout", token,
        "{\"refreshToken\":\"" + first.get("refreshToken").asText() + "\"}").statusCode());
    assertProblem(node.get("/api/v1/me", token), 401, "token revoked");
    assertEquals(200, node.get("/api/v1/me", second.get("accessToken").asText()).statusCode());
    try (var jedis = new JedisPooled("127.0.0.1", redisPort)) {
      String key = jedis.keys("qrflow:revoked-jti:*").stream().findFirst().orElseThrow();
      long ttl = jedis.pttl(key);
      assertTrue(ttl > 0 && ttl <= 15 * 60 * 1000, "kept until the token expires: " + ttl);
    }
  }

  @Test
  void givenAnImage_thenItIsServedFromRedis_untilTheTargetChanges() {
    String token = signUp().get("accessToken").asText();
    String code = createCode(token, "https://example.com/before");
    byte[] rendered = node.getBytes("/q/" + code + ".png?size=256").body();
    try (var jedis = new JedisPooled("127.0.0.1", redisPort)) {
      Set<String> keys = imageKeys(jedis, code);
      assertEquals(1, keys.size(), keys.toString());
      String key = keys.iterator().next();
      assertArrayEquals(rendered, jedis.get(key.getBytes(StandardCharsets.UTF_8)));

      byte[] marker = "served from redis".getBytes(StandardCharsets.UTF_8);
      jedis.set(key.getBytes(StandardCharsets.UTF_8), marker);
      assertArrayEquals(marker, node.getBytes("/q/" + code + ".png?size=256").body(), "a cache hit");

      assertEquals(200, node.patch("/api/v1/qr/" + code, token,
          "{\"target\":\"https://example.com/after\"}").statusCode());
      byte[] afterChange = TestNode.eventually(() -> {
        byte[] body = node.getBytes("/q/" + code + ".png?size=256").body();
        return new String(body, StandardCharsets.UTF_8).equals("served from redis") ? null : body;
      });
      assertArrayEquals(rendered, afterChange, "rendered anew: the short URL did not change");
      // the new image is stored (and the old version's deleted) right after it is served
      TestNode.eventually(() -> jedis.exists(key) ? null : true);
      assertEquals(1, imageKeys(jedis, code).size());
      assertNotEquals(key, imageKeys(jedis, code).iterator().next());
    }
  }

  @Test
  void givenRedisStopsWhileScansFlow_thenRedirectsKeepWorkingAndCount_signInFailsClosed_andAllRecovers()
      throws Exception {
    String email = freshEmail();
    assertEquals(201, register(email, freshIp()).statusCode());
    String token = ApiClient.json(login(email, PASSWORD, freshIp())).get("accessToken").asText();
    String code = createCode(token, "https://example.com/flow");

    List<Integer> statuses = new CopyOnWriteArrayList<>();
    AtomicBoolean flowing = new AtomicBoolean(true);
    CompletableFuture<Void> scans = CompletableFuture.runAsync(() -> {
      while (flowing.get()) statuses.add(scan(code, freshIp()).statusCode()); // every scan a new address
    });
    TestNode.eventually(() -> statuses.size() >= 20 ? true : null);

    redis.close();
    int beforeStop = statuses.size();
    TestNode.eventually(() -> statuses.size() >= beforeStop + 50 ? true : null);
    HttpResponse<String> refused = login(email, PASSWORD, freshIp());
    assertProblem(refused, 503, "sign-in is briefly unavailable");
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    assertProblem(register(freshEmail(), freshIp()), 503, "registration is briefly unavailable");

    redis = EmbeddedRedisServer.start(dir.resolve("redis"), redisPort);
    TestNode.eventually(() -> login(email, PASSWORD, freshIp()).statusCode() == 200 ? true : null);
    int afterRestart = statuses.size();
    TestNode.eventually(() -> statuses.size() >= afterRestart + 20 ? true : null);
    flowing.set(false);
    scans.join();

    assertTrue(statuses.stream().allMatch(s -> s == 302), "every scan redirected: " + Set.copyOf(statuses));
    int served = scansUntilRefused(code, freshIp()); // limits work again
    long redirected = statuses.size() + served;
    TestNode.eventually(() -> ApiClient.json(node.get("/api/v1/qr/" + code + "/stats", token))
        .get("totalScans").asLong() == redirected ? true : null);
  }

  private static Set<String> imageKeys(JedisPooled jedis, String code) {
    Set<String> keys = new java.util.HashSet<>(jedis.keys("qrflow:img:{" + code + "}:*"));
    keys.removeIf(k -> k.endsWith(":version") || k.endsWith(":keys"));
    return keys;
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detail) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertTrue(ApiClient.json(response).get("detail").asText().contains(detail), response.body());
  }

  private static JsonNode signUp() {
    String email = freshEmail();
    assertEquals(201, register(email, freshIp()).statusCode());
    return ApiClient.json(login(email, PASSWORD, freshIp()));
  }

  private static String createCode(JsonNode user, String target) {
    return createCode(user.get("accessToken").asText(), target);
  }

  private static String createCode(String token, String target) {
    var created = node.post("/api/v1/qr", token, "{\"target\":\"" + target + "\"}");
    assertEquals(201, created.statusCode(), created.body());
    return ApiClient.json(created).get("code").asText();
  }

  /**
   * Scans from one address until it is refused: the first SCAN_LIMIT must redirect; the scan path
   * learns of the exhausted bucket at the next flush, so a few more may. Returns how many redirected.
   */
  private static int scansUntilRefused(String code, String ip) {
    for (int i = 0; i < SCAN_LIMIT; i++) assertEquals(302, scan(code, ip).statusCode());
    int[] served = {SCAN_LIMIT};
    TestNode.eventually(() -> {
      int status = scan(code, ip).statusCode();
      if (status == 302) served[0]++;
      else assertEquals(429, status);
      return status == 429 ? true : null;
    });
    return served[0];
  }

  private static HttpResponse<String> scan(String code, String ip) {
    return node.send(node.request("/r/" + code, null).header("X-Forwarded-For", ip).GET().build());
  }

  private static HttpResponse<String> register(String email, String ip) {
    return postFrom("/api/v1/auth/register", ip,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Tester\"}");
  }

  private static HttpResponse<String> login(String email, String password, String ip) {
    return postFrom("/api/v1/auth/login", ip,
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  private static HttpResponse<String> postFrom(String path, String ip, String json) {
    return node.send(node.request(path, null).header("X-Forwarded-For", ip)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private static String freshEmail() {
    return UUID.randomUUID() + "@example.com";
  }

  private static String freshIp() {
    int n = nextIp.getAndIncrement();
    return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
  }
}
