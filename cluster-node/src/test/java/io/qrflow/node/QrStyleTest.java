package io.qrflow.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A QR code's stored style (colours, error correction) through the API and its images. */
class QrStyleTest {

  private static final int RGB = 0xFFFFFF;
  private final TestNode node = SharedNode.get();

  @Test
  void givenStyledCode_whenImageDownloadedAndStylePatched_thenImageFollowsTheStoredStyle()
      throws Exception {
    String token = signUp();
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/styled\","
        + "\"style\":{\"fg\":\"#1A237E\",\"bg\":\"#fff8e1\",\"ecc\":\"h\"}}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode qr = TestNode.json(created);
    String code = qr.get("code").asText();
    assertStyle("#1a237e", "#fff8e1", "H", qr.get("style"));
    assertStyle("#1a237e", "#fff8e1", "H",
        TestNode.json(node.get("/api/v1/qr/" + code, token)).get("style"));

    assertEquals(Set.of(0x1a237e, 0xfff8e1), colours(png(code, "")));
    Result decoded = QrDecoder.decode(png(code, ""));
    assertEquals(qr.get("shortUrl").asText(), decoded.getText());
    assertEquals("H", decoded.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL));
    assertEquals(Set.of(0x000000, 0xffffff), colours(png(code, "?fg=000000&bg=ffffff")),
        "the query still overrides the stored style");

    var patched = node.patch("/api/v1/qr/" + code, token,
        "{\"style\":{\"bg\":\"#ffffff\",\"ecc\":\"L\"}}");
    assertEquals(200, patched.statusCode(), patched.body());
    assertStyle("#1a237e", "#ffffff", "L", TestNode.json(patched).get("style"));

    TestNode.eventually(() -> colours(png(code, "")).equals(Set.of(0x1a237e, 0xffffff)) ? true : null);
    Result after = QrDecoder.decode(png(code, ""));
    assertEquals(qr.get("shortUrl").asText(), after.getText());
    assertEquals("L", after.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL));
    String svg = new String(node.getBytes("/q/" + code + ".svg").body());
    assertTrue(svg.contains("fill=\"#1a237e\"") && svg.contains("fill=\"#ffffff\""), svg);
  }

  @Test
  void givenCodeWithoutStyle_whenImageDownloaded_thenBlackOnWhite() throws Exception {
    String token = signUp();
    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/plain\"}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode qr = TestNode.json(created);
    assertStyle("#000000", "#ffffff", "M", qr.get("style"));

    assertEquals(Set.of(0x000000, 0xffffff), colours(png(qr.get("code").asText(), "")));
  }

  @Test
  void givenBadStyle_whenCreatedOrPatched_thenProblemAndNothingChanges() {
    String token = signUp();
    for (String style : new String[] {"{\"fg\":\"red\"}", "{\"bg\":\"#fffff\"}",
        "{\"ecc\":\"X\"}", "{\"fg\":\"#eeeeee\"}", "{\"fg\":\"#ffffff\",\"bg\":\"#ffffff\"}",
        "\"blue\""}) {
      var rejected = node.post("/api/v1/qr", token,
          "{\"target\":\"https://example.com/bad\",\"code\":\"bad-style\",\"style\":" + style + "}");
      assertEquals(400, rejected.statusCode(), style + " -> " + rejected.body());
      assertTrue(rejected.headers().firstValue("Content-Type").orElseThrow()
          .startsWith("application/problem+json"), style);
    }
    assertEquals(404, node.get("/api/v1/qr/bad-style", token).statusCode(), "nothing was created");

    var created = node.post("/api/v1/qr", token, "{\"target\":\"https://example.com/keep\","
        + "\"style\":{\"fg\":\"#1a237e\"}}");
    String code = TestNode.json(created).get("code").asText();
    for (String body : new String[] {"{\"style\":{\"ecc\":\"Z\"}}",
        "{\"target\":\"https://example.com/changed\",\"style\":{\"bg\":\"#1a237e\"}}",
        "{\"style\":{\"bg\":\"#101010\"}}"}) {
      var rejected = node.patch("/api/v1/qr/" + code, token, body);
      assertEquals(400, rejected.statusCode(), body + " -> " + rejected.body());
      assertTrue(rejected.headers().firstValue("Content-Type").orElseThrow()
          .startsWith("application/problem+json"), body);
    }
    JsonNode kept = TestNode.json(node.get("/api/v1/qr/" + code, token));
    assertStyle("#1a237e", "#ffffff", "M", kept.get("style"));
    assertEquals("https://example.com/keep", kept.get("target").asText());
  }

  private static void assertStyle(String fg, String bg, String ecc, JsonNode style) {
    assertEquals(fg, style.get("fg").asText(), style.toString());
    assertEquals(bg, style.get("bg").asText(), style.toString());
    assertEquals(ecc, style.get("ecc").asText(), style.toString());
  }

  private BufferedImage png(String code, String query) {
    var response = node.getBytes("/q/" + code + ".png" + query);
    assertEquals(200, response.statusCode());
    try {
      return ImageIO.read(new ByteArrayInputStream(response.body()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<Integer> colours(BufferedImage image) {
    Set<Integer> seen = new TreeSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) seen.add(image.getRGB(x, y) & RGB);
    }
    return seen;
  }

  private String signUp() {
    return node.signUp(UUID.randomUUID() + "@example.com").get("accessToken").asText();
  }
}
