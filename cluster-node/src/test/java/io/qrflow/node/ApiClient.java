package io.qrflow.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Just enough HTTP for the tests against a node on this machine, in-process or not. */
public class ApiClient {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  public final String baseUrl;

  public ApiClient(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
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
    var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
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
}
