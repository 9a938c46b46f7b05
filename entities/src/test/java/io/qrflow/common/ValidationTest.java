package io.qrflow.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qrflow.qr.QrFields;
import io.qrflow.qr.ShortCode;
import io.qrflow.qr.TargetUrl;
import io.qrflow.user.EmailAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>x</script>",
      "file:///etc/passwd", "ftp://example.com/x", "https://user:pw@example.com/",
      "https://user@example.com/", "//example.com/x", "/relative", "example.com",
      "https://", "http:///path", " https://example.com", "https://exa mple.com",
      "https://example.com/\n", "vbscript:msgbox(1)"})
  void refusesTargetsThatAreNotPlainHttpUrls(String target) {
    assertTrue(TargetUrl.problemWith(target).isPresent(), target);
  }

  @Test
  void refusesTargetsOverTheLengthLimit() {
    String longUrl = "https://example.com/" + "a".repeat(TargetUrl.MAX_LENGTH);
    assertTrue(TargetUrl.problemWith(longUrl).orElseThrow().contains("longer"));
    assertEquals(Optional.empty(),
        TargetUrl.problemWith("https://example.com/" + "a".repeat(TargetUrl.MAX_LENGTH - 20)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://example.com", "http://example.com:8080/path?q=1#frag", "https://münchen.de/",
      "https://sub.example.co.uk/a/b?utm_source=qr"})
  void acceptsAbsoluteHttpUrls(String target) {
    assertEquals(Optional.empty(), TargetUrl.problemWith(target), target);
  }

  @Test
  void internationalHostsBecomePunycodeForTheLocationHeader() {
    assertEquals("https://xn--mnchen-3ya.de/stra%C3%9Fe?q=%C3%A4",
        TargetUrl.toAscii("https://münchen.de/straße?q=ä"));
    assertEquals("https://example.com/a?b=c", TargetUrl.toAscii("https://example.com/a?b=c"));
  }

  @Test
  void customCodesFollowThePatternAndAvoidReservedWords() {
    assertNull(ShortCode.problemWithAlias("spring-sale_2026"));
    assertNotNull(ShortCode.problemWithAlias("ab"));
    assertNotNull(ShortCode.problemWithAlias("a".repeat(65)));
    assertNotNull(ShortCode.problemWithAlias("has space"));
    assertNotNull(ShortCode.problemWithAlias("ünïcode"));
    assertTrue(ShortCode.problemWithAlias("API").contains("reserved"));
    assertTrue(ShortCode.problemWithAlias("health").contains("reserved"));
  }

  @Test
  void randomCodesAreWellFormedBase62() {
    for (int i = 0; i < 1000; i++) {
      String code = ShortCode.random(7);
      assertTrue(code.matches("[0-9A-Za-z]{7}"), code);
    }
  }

  @Test
  void emailsAreNormalizedOrRefused() {
    assertEquals(Optional.of("ada@example.com"), EmailAddress.normalize("  Ada@Example.COM "));
    assertFalse(EmailAddress.normalize("not-an-email").isPresent());
    assertFalse(EmailAddress.normalize("a@b").isPresent());
    assertFalse(EmailAddress.normalize("a b@example.com").isPresent());
    assertFalse(EmailAddress.normalize(null).isPresent());
  }

  @Test
  void tagsAndTitlesAreBounded() {
    assertEquals(Optional.empty(), QrFields.problemWithTags(List.of("print", "Frühling 2026")));
    assertTrue(QrFields.problemWithTags(List.of("ok", "ok")).isPresent());
    assertTrue(QrFields.problemWithTags(List.of("<script>")).isPresent());
    assertTrue(QrFields.problemWithTags(java.util.Collections.nCopies(21, "x")).isPresent());
    assertTrue(QrFields.problemWithTitle("t".repeat(201)).isPresent());
    assertTrue(QrFields.problemWithTitle("bell\u0007").isPresent());
  }

  @Test
  void rejectionsSurviveTheirTextForm() {
    assertEquals(Optional.of(new Rejection(Rejection.Kind.CONFLICT, "taken|really")),
        Rejection.decode(Rejection.conflict("taken|really")));
    assertEquals(Optional.empty(), Rejection.decode("plain error"));
  }
}
