package io.qrflow.edge.image;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws QR codes as PNG or SVG. Both formats draw the same modules for the same input. */
public final class QrImageRenderer {

  private static final String PNG = "png";
  // 1: extent in modules, 2: size in pixels, 3: background, 4: foreground, 5: path data.
  private static final String SVG_TEMPLATE =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %1$d %1$d\""
          + " width=\"%2$d\" height=\"%2$d\" shape-rendering=\"crispEdges\">"
          + "<rect width=\"%1$d\" height=\"%1$d\" fill=\"%3$s\"/>"
          + "<path fill=\"%4$s\" d=\"%5$s\"/>"
          + "</svg>";
  private static final byte DARK = 1;

  private QrImageRenderer() {}

  /**
   * Renders {@code text} as a PNG of exactly {@code o.size()} pixels square. Modules are scaled by
   * the largest whole factor that fits; leftover pixels widen the quiet zone evenly.
   *
   * @throws IllegalArgumentException when {@code text} is empty, too long for a QR code at the
   *     requested error correction level, or has more modules than the image has pixels
   */
  public static byte[] png(String text, QrImageOptions o) {
    requireText(text);
    BitMatrix matrix;
    try {
      matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, o.size(), o.size(), hints(o));
    } catch (WriterException e) {
      throw new IllegalArgumentException("text cannot be encoded as a QR code", e);
    }
    // QRCodeWriter grows the matrix instead of failing when the code does not fit.
    if (matrix.getWidth() != o.size() || matrix.getHeight() != o.size()) {
      throw new IllegalArgumentException(
          "size " + o.size() + " is too small for this text, which needs " + matrix.getWidth());
    }
    return encodePng(toImage(matrix, o));
  }

  /**
   * Renders {@code text} as an SVG document: a background rectangle and one path of dark modules,
   * in a view box of one unit per module (quiet zone included), displayed at {@code o.size()}
   * pixels square.
   *
   * @throws IllegalArgumentException when {@code text} is empty or too long for a QR code at the
   *     requested error correction level
   */
  public static String svg(String text, QrImageOptions o) {
    requireText(text);
    ByteMatrix modules;
    try {
      modules = Encoder.encode(text, o.ecc(), hints(o)).getMatrix();
    } catch (WriterException e) {
      throw new IllegalArgumentException("text cannot be encoded as a QR code", e);
    }
    int extent = modules.getWidth() + 2 * o.margin();
    return String.format(
        Locale.ROOT,
        SVG_TEMPLATE,
        extent,
        o.size(),
        cssColor(o.background()),
        cssColor(o.foreground()),
        darkModulesPath(modules, o.margin()));
  }

  /** One closed rectangle per horizontal run of dark modules, offset by the quiet zone. */
  private static String darkModulesPath(ByteMatrix modules, int margin) {
    StringBuilder d = new StringBuilder();
    for (int y = 0; y < modules.getHeight(); y++) {
      int x = 0;
      while (x < modules.getWidth()) {
        if (modules.get(x, y) != DARK) {
          x++;
          continue;
        }
        int start = x;
        while (x < modules.getWidth() && modules.get(x, y) == DARK) x++;
        int run = x - start;
        d.append("M" + (start + margin) + " " + (y + margin) + "h" + run + "v1h-" + run + "z");
      }
    }
    return d.toString();
  }

  private static Map<EncodeHintType, Object> hints(QrImageOptions o) {
    return Map.of(
        EncodeHintType.ERROR_CORRECTION, o.ecc(),
        EncodeHintType.MARGIN, o.margin(),
        EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
  }

  private static BufferedImage toImage(BitMatrix matrix, QrImageOptions o) {
    int width = matrix.getWidth();
    int height = matrix.getHeight();
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = matrix.get(x, y) ? o.foreground() : o.background();
      }
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, pixels, 0, width);
    return image;
  }

  private static byte[] encodePng(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, PNG, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String cssColor(int rgb) {
    return String.format(Locale.ROOT, "#%06x", rgb);
  }

  private static void requireText(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("text to encode must not be empty");
    }
  }
}
