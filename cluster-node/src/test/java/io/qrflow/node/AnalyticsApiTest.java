package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The analytics endpoints' parameters, owner scoping and CSV export on the shared node. */
class AnalyticsApiTest {

  private final TestNode node = SharedNode.get();
  private final String token = node.signUp("aa-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();

  @ParameterizedTest
  @ValueSource(strings = {
      "granularity=week", "granularity=", "tz=Mars/Olympus", "tz=%2B01:00", "from=yesterday",
      "from=2026-03-12&to=2026-03-10", "from=2026-03-10&to=2026-03-10",
      "from=2025-01-01&to=2026-03-01", "from=2026-03-01&to=2026-03-10&granularity=minute",
      "format=xml", "colour=red", "tz=UTC&tz=Europe/Berlin"})
  void givenABadParameter_thenBothEndpointsAnswer400Problem(String query) {
    String code = create(token);
    for (String path : new String[] {"/api/v1/qr/" + code + "/analytics?", "/api/v1/analytics/summary?"}) {
      var response = node.get(path + query, token);
      assertProblem(response, 400);
    }
  }

  @Test
  void givenAnotherUsersCode_thenItsAnalyticsAre404AndTheSummaryHasNothingOfIt() {
    String code = create(token);
    assertEquals(302, node.get("/r/" + code, null).statusCode());
    String intruder = node.signUp("ab-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();

    assertProblem(node.get("/api/v1/qr/" + code + "/analytics", intruder), 404);
    assertProblem(node.get("/api/v1/qr/no-such-code-x/analytics", intruder), 404);
    assertProblem(node.get("/api/v1/qr/" + code + "/analytics", null), 401);
    assertEquals(1, TestNode.eventually(() -> {
      long scans = scans(node.get("/api/v1/qr/" + code + "/analytics", token));
      return scans == 1 ? scans : null;
    }));
    assertEquals(0, scans(node.get("/api/v1/analytics/summary", intruder)));
  }

  @Test
  void givenDefaults_thenTheLastSevenDaysByHourInUtc() {
    var r = TestNode.json(node.get("/api/v1/qr/" + create(token) + "/analytics", token));
    assertEquals("hour", r.get("granularity").asText());
    assertEquals("UTC", r.get("tz").asText());
    int buckets = r.get("series").size();
    assertTrue(buckets == 168 || buckets == 169, "7 days of hours, rounded out: " + buckets);
  }

  @Test
  void givenCsv_thenTheSameDataAsAnAttachment() {
    String code = create(token);
    for (HttpResponse<String> response : java.util.List.of(
        node.get("/api/v1/qr/" + code + "/analytics?from=2026-03-10&to=2026-03-12&granularity=day&format=csv", token),
        node.send(node.request("/api/v1/qr/" + code + "/analytics?from=2026-03-10&to=2026-03-12&granularity=day", token)
            .header("Accept", "text/csv").GET().build()))) {
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
      assertTrue(response.headers().firstValue("Content-Disposition").orElse("")
          .contains("attachment; filename=\"qrflow-" + code + "-2026-03-10-2026-03-12.csv\""));
      String[] lines = response.body().split("\r\n");
      assertEquals("section,key,scans,humanScans,botScans,uniqueVisitors,count", lines[0]);
      assertEquals("totals,2026-03-10T00:00:00Z/2026-03-12T00:00:00Z,0,0,0,0,", lines[1]);
      assertEquals("series,2026-03-10T00:00:00Z,0,0,0,0,", lines[2]);
      assertEquals("series,2026-03-11T00:00:00Z,0,0,0,0,", lines[3]);
      assertEquals("hourOfWeek,1-00,,,,,0", lines[4]);
    }
  }

  private static long scans(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return TestNode.json(response).get("totals").get("scans").asLong();
  }

  private String create(String owner) {
    var created = node.post("/api/v1/qr", owner, "{\"target\":\"https://example.com/api\"}");
    assertEquals(201, created.statusCode(), created.body());
    return TestNode.json(created).get("code").asText();
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    String type = response.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.startsWith("application/problem+json"), type);
  }
}
