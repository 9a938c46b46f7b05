package io.qrflow.microsite;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A microsite's id and public path ({@code /m/{slug}}): lower-case words joined by dashes. */
public final class Slug {

  private static final Pattern SHAPE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])");
  private static final Set<String> RESERVED = Set.of(
      "api", "admin", "app", "assets", "static", "health", "dashboard", "login", "logout",
      "register", "www", "help", "about", "null", "undefined", "new", "edit", "preview");

  private Slug() {}

  /** True when {@code slug} could name a microsite; cheap enough for every page view. */
  public static boolean isWellFormed(String slug) {
    return slug != null && SHAPE.matcher(slug).matches();
  }

  /** Why {@code slug} cannot name a new microsite, or empty when it can. */
  public static Optional<String> problemWith(String slug) {
    if (!isWellFormed(slug)) {
      return Optional.of("slug must be 3-64 lower-case letters, digits or '-', not starting or"
          + " ending with '-'");
    }
    if (RESERVED.contains(slug)) return Optional.of("slug '" + slug + "' is reserved");
    return Optional.empty();
  }
}
