package io.qrflow.edge.image;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.qrflow.qr.QrStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a QR image is drawn: edge length in pixels, quiet zone in modules, error correction level and
 * colors as {@code 0xRRGGBB}.
 *
 * <p>Every instance is within bounds and scannable: the constructor enforces the same rules that
 * {@link #parse} reports to clients.
 */
public record QrImageOptions(
    int size, int margin, ErrorCorrectionLevel ecc, int foreground, int background) {

  public static final int MIN_SIZE = 64;
  public static final int MAX_SIZE = 2048;
  public static final int DEFAULT_SIZE = 512;
  public static final int MIN_MARGIN = 0;
  public static final int MAX_MARGIN = 16;

  /** The quiet zone the QR specification asks for. */
  public static final int DEFAULT_MARGIN = 4;

  public static final ErrorCorrectionLevel DEFAULT_ECC = ErrorCorrectionLevel.M;
  public static final int DEFAULT_FOREGROUND = 0x000000;
  public static final int DEFAULT_BACKGROUND = 0xFFFFFF;

  /** WCAG contrast ratio below which cameras cannot reliably tell dark from light modules. */
  public static final double MIN_CONTRAST_RATIO = QrStyle.MIN_CONTRAST_RATIO;

  public static final String SIZE_PARAM = "size";
  public static final String MARGIN_PARAM = "margin";
  public static final String ECC_PARAM = "ecc";
  public static final String FOREGROUND_PARAM = "fg";
  public static final String BACKGROUND_PARAM = "bg";

  public static final QrImageOptions DEFAULTS =
      new QrImageOptions(
          DEFAULT_SIZE, DEFAULT_MARGIN, DEFAULT_ECC, DEFAULT_FOREGROUND, DEFAULT_BACKGROUND);

  private static final int MAX_RGB = 0xFFFFFF;
  private static final int HEX_RADIX = 16;
  // ASCII digits only (Integer.parseInt also takes other scripts' digits) and short enough
  // that parsing cannot overflow.
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");
  private static final Pattern HEX_COLOR = Pattern.compile("#?([0-9a-fA-F]{6})");

  /**
   * Creates options.
   *
   * @throws IllegalArgumentException when a value is out of bounds or the colors do not contrast
   */
  public QrImageOptions {
    Objects.requireNonNull(ecc, ECC_PARAM);
    Optional<String> problem = problemWith(size, margin, foreground, background);
    if (problem.isPresent()) throw new IllegalArgumentException(problem.get());
  }

  /** Outcome of {@link #parse}: either options or a message fit for a 400 response. */
  public sealed interface Result {

    /** The query described acceptable options. */
    record Valid(QrImageOptions options) implements Result {}

    /** The query was rejected; {@code message} names the parameter and what it accepts. */
    record Invalid(String message) implements Result {}
  }

  /**
   * Reads options from query parameters {@code size}, {@code margin}, {@code ecc}, {@code fg} and
   * {@code bg}; absent ones take their defaults and unknown ones are ignored.
   */
  public static Result parse(Map<String, String> query) {
    return parse(query, QrStyle.DEFAULT);
  }

  /** As {@link #parse(Map)}, but absent {@code fg}, {@code bg} and {@code ecc} take {@code style}'s. */
  public static Result parse(Map<String, String> query, QrStyle style) {
    QrStyle stored = style.over(QrStyle.DEFAULT);
    Integer size = parseInt(query.get(SIZE_PARAM), DEFAULT_SIZE, MIN_SIZE, MAX_SIZE);
    if (size == null) return new Result.Invalid(rangeMessage(SIZE_PARAM, MIN_SIZE, MAX_SIZE));
    Integer margin = parseInt(query.get(MARGIN_PARAM), DEFAULT_MARGIN, MIN_MARGIN, MAX_MARGIN);
    if (margin == null) {
      return new Result.Invalid(rangeMessage(MARGIN_PARAM, MIN_MARGIN, MAX_MARGIN));
    }
    ErrorCorrectionLevel ecc = parseEcc(query.get(ECC_PARAM), ErrorCorrectionLevel.valueOf(stored.ecc()));
    if (ecc == null) return new Result.Invalid(ECC_PARAM + " must be one of L, M, Q, H");
    Integer foreground = parseColor(query.get(FOREGROUND_PARAM), stored.fgRgb());
    if (foreground == null) return new Result.Invalid(colorMessage(FOREGROUND_PARAM));
    Integer background = parseColor(query.get(BACKGROUND_PARAM), stored.bgRgb());
    if (background == null) return new Result.Invalid(colorMessage(BACKGROUND_PARAM));
    Optional<String> problem = problemWith(size, margin, foreground, background);
    if (problem.isPresent()) return new Result.Invalid(problem.get());
    return new Result.Valid(new QrImageOptions(size, margin, ecc, foreground, background));
  }

  /**
   * A stable identifier of these options, e.g. {@code 512-4-M-000000-ffffff}. It does not cover the
   * encoded text or the image format: callers add those to build a cache key or ETag.
   */
  public String cacheKey() {
    return String.format(
        Locale.ROOT, "%d-%d-%s-%06x-%06x", size, margin, ecc.name(), foreground, background);
  }

  /** WCAG contrast ratio of two {@code 0xRRGGBB} colors, from 1 (equal) to 21 (black/white). */
  static double contrastRatio(int rgb1, int rgb2) {
    return QrStyle.contrastRatio(rgb1, rgb2);
  }

  private static Optional<String> problemWith(
      int size, int margin, int foreground, int background) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      return Optional.of(rangeMessage(SIZE_PARAM, MIN_SIZE, MAX_SIZE));
    }
    if (margin < MIN_MARGIN || margin > MAX_MARGIN) {
      return Optional.of(rangeMessage(MARGIN_PARAM, MIN_MARGIN, MAX_MARGIN));
    }
    if (foreground < 0 || foreground > MAX_RGB) {
      return Optional.of(colorMessage(FOREGROUND_PARAM));
    }
    if (background < 0 || background > MAX_RGB) {
      return Optional.of(colorMessage(BACKGROUND_PARAM));
    }
    return QrStyle.contrastProblem(foreground, background, FOREGROUND_PARAM, BACKGROUND_PARAM);
  }

  private static String rangeMessage(String param, int min, int max) {
    return param + " must be an integer between " + min + " and " + max;
  }

  private static String colorMessage(String param) {
    return param + " must be a color of 6 hex digits, optionally prefixed with #, e.g. 1a237e";
  }

  /** The value, {@code fallback} when absent, or null when not an integer in [min, max]. */
  private static Integer parseInt(String value, int fallback, int min, int max) {
    if (value == null) return fallback;
    if (!INTEGER.matcher(value).matches()) return null;
    int parsed = Integer.parseInt(value);
    return parsed >= min && parsed <= max ? parsed : null;
  }

  private static ErrorCorrectionLevel parseEcc(String value, ErrorCorrectionLevel fallback) {
    if (value == null) return fallback;
    for (ErrorCorrectionLevel level : ErrorCorrectionLevel.values()) {
      if (level.name().equalsIgnoreCase(value)) return level;
    }
    return null;
  }

  private static Integer parseColor(String value, int fallback) {
    if (value == null) return fallback;
    var matcher = HEX_COLOR.matcher(value);
    return matcher.matches() ? Integer.valueOf(matcher.group(1), HEX_RADIX) : null;
  }
}
