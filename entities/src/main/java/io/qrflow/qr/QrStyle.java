package io.qrflow.qr;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a QR code's image is drawn unless a request says otherwise: foreground and background as
 * {@code #rrggbb} and the error correction level (L, M, Q or H). In a request any field may be
 * null: on create it takes the default, on update it keeps the current value (see {@link
 * #over}). A stored style is complete and normalized (lower-case colours, upper-case level).
 */
public record QrStyle(String fg, String bg, String ecc) {

  public static final QrStyle DEFAULT = new QrStyle("#000000", "#ffffff", "M");

  /** WCAG contrast ratio below which cameras cannot reliably tell dark from light modules. */
  public static final double MIN_CONTRAST_RATIO = 2.0;

  private static final Pattern HEX_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
  private static final Pattern ECC = Pattern.compile("[LMQHlmqh]");
  private static final int HEX_RADIX = 16;

  // WCAG 2 relative luminance: sRGB linearization and channel weights.
  private static final int RED_SHIFT = 16;
  private static final int GREEN_SHIFT = 8;
  private static final int CHANNEL_MASK = 0xFF;
  private static final double CHANNEL_MAX = 255.0;
  private static final double LINEAR_THRESHOLD = 0.03928;
  private static final double LINEAR_DIVISOR = 12.92;
  private static final double GAMMA_OFFSET = 0.055;
  private static final double GAMMA_DIVISOR = 1.055;
  private static final double GAMMA = 2.4;
  private static final double RED_WEIGHT = 0.2126;
  private static final double GREEN_WEIGHT = 0.7152;
  private static final double BLUE_WEIGHT = 0.0722;
  private static final double FLARE = 0.05;

  /** This style's fields where set, {@code base}'s elsewhere; normalized. */
  public QrStyle over(QrStyle base) {
    return new QrStyle(
        lower(fg == null ? base.fg() : fg),
        lower(bg == null ? base.bg() : bg),
        upper(ecc == null ? base.ecc() : ecc));
  }

  /** What is wrong with the fields that are set, if anything (not the contrast: see below). */
  public Optional<String> problemWithFields() {
    if (fg != null && !HEX_COLOR.matcher(fg).matches()) return Optional.of(colorMessage("fg"));
    if (bg != null && !HEX_COLOR.matcher(bg).matches()) return Optional.of(colorMessage("bg"));
    if (ecc != null && !ECC.matcher(ecc).matches()) {
      return Optional.of("style.ecc must be one of L, M, Q, H");
    }
    return Optional.empty();
  }

  /** What is wrong with this style, null fields taking their defaults, if anything. */
  public Optional<String> problem() {
    return problemWithFields().or(() -> {
      QrStyle full = over(DEFAULT);
      return contrastProblem(full.fgRgb(), full.bgRgb(), "fg", "bg");
    });
  }

  /** A problem when two {@code 0xRRGGBB} colours are equal or do not contrast enough to scan. */
  public static Optional<String> contrastProblem(int fg, int bg, String fgName, String bgName) {
    if (fg == bg) return Optional.of(fgName + " and " + bgName + " must be different colors");
    double ratio = contrastRatio(fg, bg);
    if (ratio < MIN_CONTRAST_RATIO) {
      return Optional.of(String.format(Locale.ROOT,
          "%s and %s do not contrast enough to scan (contrast ratio %.2f, needs %.1f)",
          fgName, bgName, ratio, MIN_CONTRAST_RATIO));
    }
    return Optional.empty();
  }

  /** Foreground as {@code 0xRRGGBB}; only for a complete, valid style. */
  public int fgRgb() {
    return Integer.parseInt(fg.substring(1), HEX_RADIX);
  }

  /** Background as {@code 0xRRGGBB}; only for a complete, valid style. */
  public int bgRgb() {
    return Integer.parseInt(bg.substring(1), HEX_RADIX);
  }

  /** WCAG contrast ratio of two {@code 0xRRGGBB} colors, from 1 (equal) to 21 (black/white). */
  public static double contrastRatio(int rgb1, int rgb2) {
    double l1 = relativeLuminance(rgb1);
    double l2 = relativeLuminance(rgb2);
    return (Math.max(l1, l2) + FLARE) / (Math.min(l1, l2) + FLARE);
  }

  private static double relativeLuminance(int rgb) {
    return RED_WEIGHT * linear(rgb >> RED_SHIFT)
        + GREEN_WEIGHT * linear(rgb >> GREEN_SHIFT)
        + BLUE_WEIGHT * linear(rgb);
  }

  private static double linear(int channel) {
    double c = (channel & CHANNEL_MASK) / CHANNEL_MAX;
    if (c <= LINEAR_THRESHOLD) return c / LINEAR_DIVISOR;
    return Math.pow((c + GAMMA_OFFSET) / GAMMA_DIVISOR, GAMMA);
  }

  private static String colorMessage(String field) {
    return "style." + field + " must be a color written #rrggbb, e.g. #1a237e";
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
