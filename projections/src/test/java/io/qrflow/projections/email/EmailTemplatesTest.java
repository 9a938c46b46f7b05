package io.qrflow.projections.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmailTemplatesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
  private static final String HOSTILE = "<b>\"Tom\" & 'Jerry'</b>\r\nBcc: x@evil.test";

  private final EmailTemplates templates = new EmailTemplates();

  @Test
  void givenEveryKind_whenRenderedWithHostileValues_thenHtmlIsEscapedTextIsVerbatimAndSubjectIsOneLine()
      throws IOException {
    for (EmailKind kind : EmailKind.values()) {
      Map<String, String> values = new HashMap<>();
      for (String part : new String[] {"subject.txt", "txt", "html"}) {
        Matcher m = PLACEHOLDER.matcher(resource(kind, part));
        while (m.find()) values.put(m.group(1), HOSTILE);
      }
      EmailTemplates.Rendered mail = templates.render(kind, values);

      assertFalse(mail.subject().contains("\n") || mail.subject().contains("\r"), kind + " subject header injection");
      assertTrue(mail.text().contains(HOSTILE), kind.id());
      assertFalse(mail.html().contains("<b>"), kind + " html not escaped");
      assertTrue(mail.html().contains("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"), kind.id());
      assertFalse(mail.text().contains("{{") || mail.html().contains("{{"), kind + " placeholder left");
    }
  }

  @Test
  void givenAMissingValue_thenRenderingFailsInsteadOfSendingAHole() {
    assertThrows(IllegalArgumentException.class, () -> templates.render(EmailKind.QR_CREATED, Map.of()));
  }

  @Test
  void onlyTheWelcomeMailCannotBeTurnedOff() {
    for (EmailKind kind : EmailKind.values()) assertEquals(kind != EmailKind.WELCOME, kind.optional(), kind.id());
  }

  private static String resource(EmailKind kind, String part) throws IOException {
    try (InputStream in = EmailTemplatesTest.class.getClassLoader()
        .getResourceAsStream("email/" + kind.id() + "." + part)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
