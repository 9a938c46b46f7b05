package io.qrflow.edge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.qrflow.qr.QrStyle;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QrImageOptionsTest {

  private static QrImageOptions valid(Map<String, String> query) {
    QrImageOptions.Result result = QrImageOptions.parse(query);
    return assertInstanceOf(QrImageOptions.Result.Valid.class, result, result.toString()).options();
  }

  private static String invalid(Map<String, String> query) {
    QrImageOptions.Result result = QrImageOptions.parse(query);
    return assertInstanceOf(QrImageOptions.Result.Invalid.class, result, result.toString())
        .message();
  }

  @Test
  void emptyQueryGivesDefaults() {
    QrImageOptions options = valid(Map.of());

    assertEquals(512, options.size());
    assertEquals(4, options.margin());
    assertEquals(ErrorCorrectionLevel.M, options.ecc());
    assertEquals(0x000000, options.foreground());
    assertEquals(0xFFFFFF, options.background());
    assertEquals(QrImageOptions.DEFAULTS, options);
  }

  @Test
  void absentColoursAndEccTakeTheStoredStyle() {
    var stored = new QrStyle("#1a237e", "#fff8e1", "H");

    var parsed = QrImageOptions.parse(Map.of("size", "300"), stored);

    assertEquals(new QrImageOptions(300, 4, ErrorCorrectionLevel.H, 0x1a237e, 0xfff8e1),
        ((QrImageOptions.Result.Valid) parsed).options());
  }

  @Test
  void queryOverridesTheStoredStyleAndContrastIsCheckedAgainstIt() {
    var stored = new QrStyle("#ffffff", "#000000", "L");

    var inverted = QrImageOptions.parse(Map.of("fg", "000000", "bg", "ffffff", "ecc", "q"), stored);
    assertEquals(new QrImageOptions(512, 4, ErrorCorrectionLevel.Q, 0x000000, 0xffffff),
        ((QrImageOptions.Result.Valid) inverted).options());
    assertInstanceOf(QrImageOptions.Result.Invalid.class,
        QrImageOptions.parse(Map.of("fg", "111111"), stored), "dark on the stored black");
  }

  @Test
  void unknownParametersAreIgnored() {
    assertEquals(QrImageOptions.DEFAULTS, valid(Map.of("format", "svg", "utm_source", "x")));
  }

  @Test
  void allParametersAreRead() {
    QrImageOptions options =
        valid(Map.of("size", "300", "margin", "2", "ecc", "H", "fg", "1a237e", "bg", "fffde7"));

    assertEquals(new QrImageOptions(300, 2, ErrorCorrectionLevel.H, 0x1a237e, 0xfffde7), options);
  }

  @ParameterizedTest
  @ValueSource(strings = {"64", "65", "512", "2047", "2048"})
  void sizeWithinBoundsIsAccepted(String size) {
    assertEquals(Integer.parseInt(size), valid(Map.of("size", size)).size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "63",
        "2049",
        "0",
        "-512",
        "999999999",
        "9999999999",
        "",
        " 512",
        "5.5",
        "abc",
        "0x200",
        "+512",
        "\u0665\u0661\u0662"
      })
  void sizeOutOfBoundsOrNotAnIntegerIsRejected(String size) {
    assertEquals("size must be an integer between 64 and 2048", invalid(Map.of("size", size)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "4", "15", "16"})
  void marginWithinBoundsIsAccepted(String margin) {
    assertEquals(Integer.parseInt(margin), valid(Map.of("margin", margin)).margin());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "17", "100", "", "four"})
  void marginOutOfBoundsOrNotAnIntegerIsRejected(String margin) {
    assertEquals("margin must be an integer between 0 and 16", invalid(Map.of("margin", margin)));
  }

  @ParameterizedTest
  @CsvSource({"L,L", "M,M", "Q,Q", "H,H", "l,L", "q,Q", "h,H"})
  void eccLevelsAreAcceptedInAnyCase(String value, ErrorCorrectionLevel expected) {
    assertEquals(expected, valid(Map.of("ecc", value)).ecc());
  }

  @ParameterizedTest
  @ValueSource(strings = {"X", "", "LM", "low", "0"})
  void unknownEccIsRejected(String ecc) {
    assertEquals("ecc must be one of L, M, Q, H", invalid(Map.of("ecc", ecc)));
  }

  @ParameterizedTest
  @CsvSource({
    "1a237e, 0x1a237e",
    "#1a237e, 0x1a237e",
    "#1A237E, 0x1a237e",
    "1A237e, 0x1a237e",
    "000000, 0x000000",
    "#000000, 0x000000"
  })
  void foregroundIsHexWithOptionalHash(String value, String expected) {
    assertEquals(Integer.decode(expected), valid(Map.of("fg", value)).foreground());
  }

  @ParameterizedTest
  @CsvSource({"fffde7, 0xfffde7", "#FFFDE7, 0xfffde7", "#ffffff, 0xffffff"})
  void backgroundIsHexWithOptionalHash(String value, String expected) {
    assertEquals(Integer.decode(expected), valid(Map.of("bg", value)).background());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12345",
        "zzzzzz",
        "#GGGGGG",
        "",
        "#",
        "1234567",
        "##000000",
        "#fff",
        "0x0000",
        " 000000",
        "-00000"
      })
  void malformedForegroundIsRejected(String fg) {
    String message = invalid(Map.of("fg", fg));

    assertTrue(message.startsWith("fg must be a color of 6 hex digits"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345", "zzzzzz", "#GGGGGG", "", "fffffff"})
  void malformedBackgroundIsRejected(String bg) {
    String message = invalid(Map.of("bg", bg));

    assertTrue(message.startsWith("bg must be a color of 6 hex digits"), message);
  }

  @ParameterizedTest
  @CsvSource({"123456, 123456", "#abcdef, ABCDEF", "000000, #000000"})
  void equalColorsAreRejected(String fg, String bg) {
    assertEquals("fg and bg must be different colors", invalid(Map.of("fg", fg, "bg", bg)));
  }

  @ParameterizedTest
  @CsvSource({"777777, 888888", "ffffff, eeeeee", "000000, 222222", "00ff00, ffffff"})
  void lowContrastIsRejected(String fg, String bg) {
    String message = invalid(Map.of("fg", fg, "bg", bg));

    assertTrue(message.startsWith("fg and bg do not contrast enough to scan"), message);
  }

  @Test
  void contrastRatioFollowsWcag() {
    assertEquals(21.0, QrImageOptions.contrastRatio(0x000000, 0xFFFFFF), 0.01);
    assertEquals(1.0, QrImageOptions.contrastRatio(0x123456, 0x123456), 1e-9);
    assertEquals(4.54, QrImageOptions.contrastRatio(0x767676, 0xFFFFFF), 0.01);
    assertEquals(
        QrImageOptions.contrastRatio(0x1a237e, 0xfffde7),
        QrImageOptions.contrastRatio(0xfffde7, 0x1a237e));
  }

  @Test
  void contrastingColorsAreAccepted() {
    QrImageOptions options = valid(Map.of("fg", "1a237e", "bg", "fffde7"));

    assertEquals(0x1a237e, options.foreground());
    assertEquals(0xfffde7, options.background());
  }

  @Test
  void firstProblemIsReported() {
    assertTrue(invalid(Map.of("size", "1", "ecc", "X")).startsWith("size"));
  }

  @Test
  void constructorEnforcesTheSameRules() {
    ErrorCorrectionLevel m = ErrorCorrectionLevel.M;
    assertThrows(IllegalArgumentException.class, () -> new QrImageOptions(63, 4, m, 0, 0xFFFFFF));
    assertThrows(IllegalArgumentException.class, () -> new QrImageOptions(64, 17, m, 0, 0xFFFFFF));
    assertThrows(IllegalArgumentException.class, () -> new QrImageOptions(64, 4, m, -1, 0xFFFFFF));
    assertThrows(IllegalArgumentException.class, () -> new QrImageOptions(64, 4, m, 0, 0x1000000));
    assertThrows(
        IllegalArgumentException.class, () -> new QrImageOptions(64, 4, m, 0x777777, 0x888888));
    assertThrows(NullPointerException.class, () -> new QrImageOptions(64, 4, null, 0, 0xFFFFFF));
  }

  @Test
  void cacheKeyIsStableAndCoversEveryField() {
    QrImageOptions base = new QrImageOptions(512, 4, ErrorCorrectionLevel.M, 0x000000, 0xFFFFFF);

    assertEquals("512-4-M-000000-ffffff", base.cacheKey());
    assertEquals(base.cacheKey(), valid(Map.of("fg", "#000000", "bg", "FFFFFF")).cacheKey());
    assertNotEquals(base.cacheKey(), withSize(base, 513).cacheKey());
    assertNotEquals(
        base.cacheKey(),
        new QrImageOptions(512, 5, base.ecc(), base.foreground(), base.background()).cacheKey());
    assertNotEquals(
        base.cacheKey(),
        new QrImageOptions(512, 4, ErrorCorrectionLevel.H, 0, 0xFFFFFF).cacheKey());
    assertNotEquals(
        base.cacheKey(), new QrImageOptions(512, 4, base.ecc(), 0x1a237e, 0xFFFFFF).cacheKey());
    assertNotEquals(
        base.cacheKey(), new QrImageOptions(512, 4, base.ecc(), 0, 0xFFFDE7).cacheKey());
  }

  private static QrImageOptions withSize(QrImageOptions o, int size) {
    return new QrImageOptions(size, o.margin(), o.ecc(), o.foreground(), o.background());
  }
}
