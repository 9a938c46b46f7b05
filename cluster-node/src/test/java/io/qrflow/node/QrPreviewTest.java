package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The create form's preview image: signed-in callers only, any well-formed code, bounded options. */
class QrPreviewTest {

  private static final String PREVIEW = "/api/v1/preview/qr.svg?code=";

  private final TestNode node = SharedNode.get();

  @Test
  void givenSignedInCaller_whenPreviewingAFreeCode_thenTheSvgOfItsShortUrl() {
    String token = node.signUp("preview-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();

    var svg = node.get(PREVIEW + "not-created-yet&fg=1a237e&ecc=H&size=256", token);

    assertEquals(200, svg.statusCode(), svg.body());
    assertTrue(svg.headers().firstValue("Content-Type").orElseThrow().startsWith("image/svg+xml"));
    assertTrue(svg.body().contains("#1a237e"), "drawn in the asked color");
    assertEquals("no-store", svg.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void givenBadCodeOrOptionsOrNoCredentials_whenPreviewing_then4xxProblem() {
    String token = node.signUp("preview-" + UUID.randomUUID() + "@example.com").get("accessToken").asText();

    for (String query : new String[] {"ab", "has%20space", "ok-code&size=99999", "ok-code&fg=ffffff&bg=ffffff", ""}) {
      var refused = node.get(PREVIEW + query, token);
      assertEquals(400, refused.statusCode(), query + ": " + refused.body());
      assertTrue(refused.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
    }
    assertEquals(401, node.get(PREVIEW + "ok-code", null).statusCode());
  }
}
