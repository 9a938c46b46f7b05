package io.qrflow.qr;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The public identity of a QR code: a random base62 code or a custom alias. Validation lives here
 * so the edge can refuse malformed codes before any entity is involved.
 */
public final class ShortCode {

  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{3,64}");
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Words that would shadow routes or confuse people if used as custom codes. */
  private static final Set<String> RESERVED =
      Set.of(
          "api", "admin", "app", "assets", "static", "health", "metrics", "login", "logout",
          "register", "signup", "signin", "dashboard", "well-known", "jwks", "qr", "r", "m", "q",
          "www", "root", "support", "help", "about", "null", "undefined");

  private ShortCode() {}

  /** True when {@code code} could be a code at all; cheap enough for every scan. */
  public static boolean isWellFormed(String code) {
    return code != null && ALIAS.matcher(code).matches();
  }

  public static boolean isReserved(String code) {
    return RESERVED.contains(code.toLowerCase(Locale.ROOT));
  }

  /** Why a custom alias is refused, or null when it is acceptable. */
  public static String problemWithAlias(String code) {
    if (!isWellFormed(code)) return "code must match [A-Za-z0-9_-]{3,64}";
    if (isReserved(code)) return "code '" + code + "' is reserved";
    return null;
  }

  public static String random(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) chars[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    return new String(chars);
  }
}
