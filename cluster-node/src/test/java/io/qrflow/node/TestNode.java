package io.qrflow.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qrflow.infra.DatabaseSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real node started in-process on free ports, and a small HTTP client for it. With a database
 * it uses that server; without, it runs in dev mode with embedded PostgreSQL under dataDir.
 */
public final class TestNode implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration EVENTUALLY = Duration.ofSeconds(15);
  private static final long POLL_MILLIS = 50;

  private final QrflowNode node;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  public final String baseUrl;

  private TestNode(QrflowNode node, int port) {
    this.node = node;
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  public static TestNode start(DatabaseSettings database, Path dataDir) {
    return start(database, dataDir, Map.of());
  }

  public static TestNode start(DatabaseSettings database, Path dataDir, Map<String, Object> settings) {
    Map<String, Object> overrides = new HashMap<>(settings);
    overrides.put("qrflow.http.port", 0);
    overrides.put("qrflow.http.host", "127.0.0.1");
    overrides.put("qrflow.data-dir", dataDir.toString());
    overrides.put("pekko.remote.artery.canonical.port", 0);
    overrides.put("pekko.coordinated-shutdown.exit-jvm", "off");
    overrides.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    if (database != null) {
      overrides.put("qrflow.db.url", database.url());
      overrides.put("qrflow.db.user", database.user());
      overrides.put("qrflow.db.password", database.password());
    }
    Config config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
    QrflowNode node = QrflowNode.start(config);
    try {
      int port = node.binding().get(STARTUP.toSeconds(), TimeUnit.SECONDS).localAddress().getPort();
      TestNode testNode = new TestNode(node, port);
      testNode.awaitReady();
      return testNode;
    } catch (Exception e) {
      node.close();
      throw new IllegalStateException("node did not start", e);
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (get("/health/ready", null).statusCode() == 200) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("node never became ready");
  }

  public HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  public HttpResponse<String> delete(String path, String token) {
    return send(request(path, token).DELETE().build());
  }

  public HttpResponse<String> post(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public HttpResponse<String> patch(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public HttpResponse<byte[]> getBytes(String path) {
    try {
      return client.send(request(path, null).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path, String token) {
    var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15));
    if (token != null) builder.header("Authorization", "Bearer " + token);
    return builder;
  }

  /** Registers and signs in a fresh user; returns its access and refresh tokens. */
  public JsonNode signUp(String email) {
    var registered = post("/api/v1/auth/register", null,
        "{\"email\":\"" + email + "\",\"password\":\"a long enough password\",\"displayName\":\"Tester\"}");
    if (registered.statusCode() != 201) throw new IllegalStateException(registered.body());
    var login = post("/api/v1/auth/login", null,
        "{\"email\":\"" + email + "\",\"password\":\"a long enough password\"}");
    if (login.statusCode() != 200) throw new IllegalStateException(login.body());
    return json(login);
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + response.body(), e);
    }
  }

  /** The Kafka brokers this node publishes to (its embedded one in dev mode). */
  public String kafkaBootstrap() {
    return node.system().settings().config().getString("qrflow.kafka.bootstrap-servers");
  }

  public QrflowNode node() {
    return node;
  }

  /** Polls until {@code probe} returns non-null (read sides and scan delivery are asynchronous). */
  public static <T> T eventually(Supplier<T> probe) {
    return eventually(EVENTUALLY, probe);
  }

  public static <T> T eventually(Duration limit, Supplier<T> probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) return value;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("not reached within " + limit);
  }

  @Override
  public void close() {
    node.close();
  }
}
