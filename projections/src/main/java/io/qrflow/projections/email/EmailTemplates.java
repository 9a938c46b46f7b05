package io.qrflow.projections.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail templates on the classpath, {@code email/<kind>.subject.txt}, {@code .txt} and
 * {@code .html}, with {@code {{name}}} placeholders. Values are HTML-escaped in the HTML body.
 */
public final class EmailTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

  /** A rendered mail. */
  public record Rendered(String subject, String text, String html) {}

  private record Template(String subject, String text, String html) {}

  private final Map<EmailKind, Template> templates = new EnumMap<>(EmailKind.class);

  public EmailTemplates() {
    for (EmailKind kind : EmailKind.values()) {
      templates.put(kind, new Template(load(kind, "subject.txt").strip(), load(kind, "txt"), load(kind, "html")));
    }
  }

  public Rendered render(EmailKind kind, Map<String, String> values) {
    Template t = templates.get(kind);
    return new Rendered(fill(t.subject(), values, false).replaceAll("[\\r\\n]+", " "),
        fill(t.text(), values, false), fill(t.html(), values, true));
  }

  private static String fill(String template, Map<String, String> values, boolean html) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) throw new IllegalArgumentException("no value for {{" + m.group(1) + "}}");
      m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Text as safe HTML content or attribute value. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static String load(EmailKind kind, String suffix) {
    String name = "email/" + kind.id() + "." + suffix;
    try (InputStream in = EmailTemplates.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing mail template " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
