package io.qrflow.edge.image;

import static com.google.zxing.ResultMetadataType.ERROR_CORRECTION_LEVEL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

class QrImageRendererTest {

  private static final String TEXT = "https://qr.example/r/Ab3dE9x";
  private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int SVG_RASTER_SCALE = 8;
  private static final int RGB = 0xFFFFFF;
  private static final QrImageOptions DEFAULTS = QrImageOptions.DEFAULTS;
  private static final Pattern VIEW_BOX = Pattern.compile("0 0 (\\d+) (\\d+)");
  private static final Pattern PATH = Pattern.compile("(?:M\\d+ \\d+h\\d+v1h-\\d+z)+");
  private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

  private static final QrImageOptions NAVY_ON_CREAM =
      new QrImageOptions(512, 4, ErrorCorrectionLevel.M, 0x1a237e, 0xfffde7);

  // --- PNG -------------------------------------------------------------------------------------

  @Test
  void pngDecodesToTheEncodedText() throws Exception {
    BufferedImage image = readPng(QrImageRenderer.png(TEXT, DEFAULTS));

    assertEquals(512, image.getWidth());
    assertEquals(512, image.getHeight());
    assertEquals(TEXT, decode(image).getText());
  }

  @Test
  void pngIsAPng() {
    byte[] png = QrImageRenderer.png(TEXT, DEFAULTS);

    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 100, 333, 512, 1000, 2048})
  void pngHasExactlyTheRequestedSizeAndDecodes(int size) throws Exception {
    BufferedImage image = readPng(QrImageRenderer.png(TEXT, withSize(DEFAULTS, size)));

    assertEquals(size, image.getWidth());
    assertEquals(size, image.getHeight());
    assertEquals(TEXT, decode(image).getText());
  }

  @Test
  void pngUsesOnlyTheRequestedColorsAndDecodes() throws Exception {
    BufferedImage image = readPng(QrImageRenderer.png(TEXT, NAVY_ON_CREAM));

    assertEquals(Set.of(0x1a237e, 0xfffde7), colorsOf(image));
    assertEquals(TEXT, decode(image).getText());
  }

  @ParameterizedTest
  @EnumSource(ErrorCorrectionLevel.class)
  void pngDecodesAtEveryErrorCorrectionLevel(ErrorCorrectionLevel ecc) throws Exception {
    QrImageOptions options = new QrImageOptions(512, 4, ecc, 0x000000, 0xFFFFFF);

    Result result = decode(readPng(QrImageRenderer.png(TEXT, options)));

    assertEquals(TEXT, result.getText());
    assertEquals(ecc.name(), result.getResultMetadata().get(ERROR_CORRECTION_LEVEL));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4, 16})
  void pngDecodesWithEveryMargin(int margin) throws Exception {
    QrImageOptions options = new QrImageOptions(512, margin, ErrorCorrectionLevel.M, 0, 0xFFFFFF);

    assertEquals(TEXT, decode(readPng(QrImageRenderer.png(TEXT, options))).getText());
  }

  @Test
  void pngDrawsTheSameModulesAsSvg() throws Exception {
    Svg svg = Svg.parse(QrImageRenderer.svg(TEXT, NAVY_ON_CREAM));
    // A size that is a whole multiple of the module count leaves no padding to account for.
    int size = svg.extent() * SVG_RASTER_SCALE;
    BufferedImage png = readPng(QrImageRenderer.png(TEXT, withSize(NAVY_ON_CREAM, size)));

    for (int y = 0; y < svg.extent(); y++) {
      for (int x = 0; x < svg.extent(); x++) {
        int centre = SVG_RASTER_SCALE / 2;
        int rgb = png.getRGB(x * SVG_RASTER_SCALE + centre, y * SVG_RASTER_SCALE + centre) & RGB;
        int expected = svg.dark()[y][x] ? 0x1a237e : 0xfffde7;
        assertEquals(expected, rgb, "module " + x + "," + y);
      }
    }
  }

  @Test
  void pngRejectsTextThatDoesNotFitTheSize() {
    String longText = TEXT + "?q=" + "x".repeat(800);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> QrImageRenderer.png(longText, withSize(DEFAULTS, 64)));
    assertTrue(e.getMessage().contains("size 64"), e.getMessage());
  }

  @Test
  void textTooLongForAnyQrCodeIsRejected() {
    String tooLong = "x".repeat(3000);

    assertThrows(IllegalArgumentException.class, () -> QrImageRenderer.png(tooLong, DEFAULTS));
    assertThrows(IllegalArgumentException.class, () -> QrImageRenderer.svg(tooLong, DEFAULTS));
  }

  @Test
  void emptyTextIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> QrImageRenderer.png("", DEFAULTS));
    assertThrows(IllegalArgumentException.class, () -> QrImageRenderer.svg("", DEFAULTS));
  }

  @Test
  void nonAsciiTextSurvivesAsUtf8() throws Exception {
    String text = "https://qr.example/r/Gr\u00fc\u00dfe-\u4e8c\u7ef4\u7801-\ud83d\ude00";

    assertEquals(text, decode(readPng(QrImageRenderer.png(text, DEFAULTS))).getText());
    assertEquals(text, decode(Svg.parse(QrImageRenderer.svg(text, DEFAULTS)).raster()).getText());
  }

  // --- SVG -------------------------------------------------------------------------------------

  @Test
  void svgIsWellFormedWithOneBackgroundAndOnePath() throws Exception {
    String svg = QrImageRenderer.svg(TEXT, NAVY_ON_CREAM);
    Element root = parseXml(svg);

    assertEquals("svg", root.getLocalName());
    assertEquals(SVG_NAMESPACE, root.getNamespaceURI());
    assertEquals("512", root.getAttribute("width"));
    assertEquals("512", root.getAttribute("height"));
    assertEquals("crispEdges", root.getAttribute("shape-rendering"));
    String viewBox = root.getAttribute("viewBox");
    assertTrue(VIEW_BOX.matcher(viewBox).matches(), viewBox);
    assertEquals(1, root.getElementsByTagNameNS(SVG_NAMESPACE, "rect").getLength());
    assertEquals(1, root.getElementsByTagNameNS(SVG_NAMESPACE, "path").getLength());
    Element rect = (Element) root.getElementsByTagNameNS(SVG_NAMESPACE, "rect").item(0);
    Element path = (Element) root.getElementsByTagNameNS(SVG_NAMESPACE, "path").item(0);
    assertEquals("#fffde7", rect.getAttribute("fill"));
    assertEquals("#1a237e", path.getAttribute("fill"));
  }

  @Test
  void svgDecodesToTheEncodedText() throws Exception {
    assertEquals(TEXT, decode(Svg.parse(QrImageRenderer.svg(TEXT, DEFAULTS)).raster()).getText());
  }

  @Test
  void svgWithCustomColorsDecodes() throws Exception {
    Svg svg = Svg.parse(QrImageRenderer.svg(TEXT, NAVY_ON_CREAM));

    assertEquals(0x1a237e, svg.foreground());
    assertEquals(0xfffde7, svg.background());
    assertEquals(TEXT, decode(svg.raster()).getText());
  }

  @ParameterizedTest
  @EnumSource(ErrorCorrectionLevel.class)
  void svgDecodesAtEveryErrorCorrectionLevel(ErrorCorrectionLevel ecc) throws Exception {
    QrImageOptions options = new QrImageOptions(512, 4, ecc, 0x000000, 0xFFFFFF);

    Result result = decode(Svg.parse(QrImageRenderer.svg(TEXT, options)).raster());

    assertEquals(TEXT, result.getText());
    assertEquals(ecc.name(), result.getResultMetadata().get(ERROR_CORRECTION_LEVEL));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4, 16})
  void svgQuietZoneIsTheMarginInModules(int margin) throws Exception {
    QrImageOptions options = new QrImageOptions(300, margin, ErrorCorrectionLevel.M, 0, 0xFFFFFF);
    Svg svg = Svg.parse(QrImageRenderer.svg(TEXT, options));
    int last = svg.extent() - 1;

    for (int i = 0; i < svg.extent(); i++) {
      for (int m = 0; m < margin; m++) {
        assertFalse(svg.dark()[m][i] || svg.dark()[last - m][i], "row " + m + " must be light");
        assertFalse(svg.dark()[i][m] || svg.dark()[i][last - m], "column " + m + " must be light");
      }
    }
    // The finder patterns' outer corners sit right inside the quiet zone.
    assertTrue(svg.dark()[margin][margin]);
    assertTrue(svg.dark()[margin][last - margin]);
    assertTrue(svg.dark()[last - margin][margin]);
    assertEquals("300", parseXml(QrImageRenderer.svg(TEXT, options)).getAttribute("width"));
  }

  @Test
  void svgIsTheSameForTheSameInput() {
    assertEquals(
        QrImageRenderer.svg(TEXT, NAVY_ON_CREAM), QrImageRenderer.svg(TEXT, NAVY_ON_CREAM));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static QrImageOptions withSize(QrImageOptions o, int size) {
    return new QrImageOptions(size, o.margin(), o.ecc(), o.foreground(), o.background());
  }

  private static BufferedImage readPng(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "not a readable image");
    return image;
  }

  /**
   * Decodes like a scanner would (finder pattern detection), falling back to reading the image as a
   * pure barcode: the detector cannot find finder patterns drawn one pixel per module, which is
   * what the smallest sizes produce.
   */
  private static Result decode(BufferedImage image) throws Exception {
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    try {
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    } catch (NotFoundException e) {
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    }
  }

  private static Set<Integer> colorsOf(BufferedImage image) {
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colors.add(image.getRGB(x, y) & RGB);
      }
    }
    return colors;
  }

  private static Element parseXml(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)))
        .getDocumentElement();
  }

  /** The parts of a rendered SVG needed to redraw it: module grid and colors. */
  private record Svg(int extent, int foreground, int background, boolean[][] dark) {

    static Svg parse(String svg) throws Exception {
      Element root = parseXml(svg);
      Matcher viewBox = VIEW_BOX.matcher(root.getAttribute("viewBox"));
      assertTrue(viewBox.matches(), root.getAttribute("viewBox"));
      int extent = Integer.parseInt(viewBox.group(1));
      assertEquals(extent, Integer.parseInt(viewBox.group(2)), "view box must be square");
      Element rect = (Element) root.getElementsByTagNameNS(SVG_NAMESPACE, "rect").item(0);
      Element path = (Element) root.getElementsByTagNameNS(SVG_NAMESPACE, "path").item(0);
      assertEquals(String.valueOf(extent), rect.getAttribute("width"));
      assertEquals(String.valueOf(extent), rect.getAttribute("height"));
      return new Svg(
          extent,
          color(path.getAttribute("fill")),
          color(rect.getAttribute("fill")),
          modules(path.getAttribute("d"), extent));
    }

    private static int color(String css) {
      assertTrue(css.matches("#[0-9a-f]{6}"), css);
      return Integer.parseInt(css.substring(1), 16);
    }

    /** Fills a grid from the path's runs, checking each run is maximal and in bounds. */
    private static boolean[][] modules(String d, int extent) {
      assertTrue(PATH.matcher(d).matches(), "unexpected path commands: " + d);
      boolean[][] dark = new boolean[extent][extent];
      Matcher run = RUN.matcher(d);
      int runs = 0;
      while (run.find()) {
        int x = Integer.parseInt(run.group(1));
        int y = Integer.parseInt(run.group(2));
        int width = Integer.parseInt(run.group(3));
        assertEquals(width, Integer.parseInt(run.group(4)), "run must close where it started");
        assertTrue(width > 0 && x + width <= extent && y < extent, run.group());
        for (int i = x; i < x + width; i++) {
          assertFalse(dark[y][i], "module drawn twice at " + i + "," + y);
          dark[y][i] = true;
        }
        runs++;
      }
      assertTrue(runs > 0);
      // Runs on a row must not touch, otherwise they should have been merged.
      for (MatchResult r : RUN.matcher(d).results().toList()) {
        int x = Integer.parseInt(r.group(1));
        int y = Integer.parseInt(r.group(2));
        int end = x + Integer.parseInt(r.group(3));
        assertFalse(x > 0 && dark[y][x - 1], "run not merged left at " + x + "," + y);
        assertFalse(end < extent && dark[y][end], "run not merged right at " + end + "," + y);
      }
      return dark;
    }

    BufferedImage raster() {
      int pixels = extent * SVG_RASTER_SCALE;
      BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < pixels; y++) {
        for (int x = 0; x < pixels; x++) {
          boolean isDark = dark[y / SVG_RASTER_SCALE][x / SVG_RASTER_SCALE];
          image.setRGB(x, y, isDark ? foreground : background);
        }
      }
      return image;
    }
  }
}
