package io.qrflow.microsite;

import io.qrflow.common.JsonSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a microsite looks: three colors ({@code #rrggbb}), a font family from a fixed list and a
 * layout from a fixed list. Only validated values ever reach the page's stylesheet.
 */
public record Theme(String primaryColor, String backgroundColor, String textColor, String font,
    String layout) implements JsonSerializable {

  public static final Set<String> FONTS = Set.of("system", "serif", "mono", "rounded");
  public static final Set<String> LAYOUTS = Set.of("centered", "cards", "list");
  public static final Theme DEFAULT = new Theme("#2457d6", "#ffffff", "#1b1f24", "system", "centered");
  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    color("theme.primaryColor", primaryColor, problems);
    color("theme.backgroundColor", backgroundColor, problems);
    color("theme.textColor", textColor, problems);
    if (font == null || !FONTS.contains(font)) problems.add("theme.font must be one of " + FONTS);
    if (layout == null || !LAYOUTS.contains(layout)) {
      problems.add("theme.layout must be one of " + LAYOUTS);
    }
    return problems;
  }

  private static void color(String field, String value, List<String> problems) {
    if (value == null || !COLOR.matcher(value).matches()) problems.add(field + " must be #rrggbb");
  }
}
