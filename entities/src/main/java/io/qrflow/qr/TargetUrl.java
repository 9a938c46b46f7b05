package io.qrflow.qr;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation of redirect targets: absolute http(s) URLs without credentials, bounded length. */
public final class TargetUrl {

  public static final int MAX_LENGTH = 2048;
  private static final int MAX_PORT = 65535;

  private TargetUrl() {}

  /** Why {@code url} cannot be a redirect target, or empty when it can. */
  public static Optional<String> problemWith(String url) {
    if (url == null || url.isBlank()) return Optional.of("target is required");
    if (url.length() > MAX_LENGTH) {
      return Optional.of("target is longer than " + MAX_LENGTH + " characters");
    }
    if (!url.equals(url.strip()) || url.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return Optional.of("target must not contain whitespace or control characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("target is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("target must be an absolute http or https URL");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) return Optional.of("target must have a host");
    if (authority.contains("@")) return Optional.of("target must not contain credentials");
    String host = hostOf(authority);
    try {
      if (host.isEmpty() || IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).isEmpty()) {
        return Optional.of("target must have a host");
      }
    } catch (IllegalArgumentException e) {
      return Optional.of("target host is not a valid host name");
    }
    if (uri.getPort() > MAX_PORT) return Optional.of("target port is out of range");
    return Optional.empty();
  }

  /**
   * The ASCII form of a valid target for an HTTP Location header: an internationalized host in
   * punycode, other non-ASCII characters percent-encoded.
   */
  public static String toAscii(String url) {
    URI uri = URI.create(url);
    String host = hostOf(uri.getRawAuthority());
    String asciiHost = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
    String withAsciiHost = host.equals(asciiHost) ? url : url.replaceFirst(Pattern.quote(host), asciiHost);
    return URI.create(withAsciiHost).toASCIIString();
  }

  /** The host of an authority without user info: IPv6 literals keep their brackets. */
  private static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? "" : authority.substring(0, end + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }
}
