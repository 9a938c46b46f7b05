package io.qrflow.qr;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Validation of redirect targets: absolute http(s) URLs without credentials, bounded length. */
public final class TargetUrl {

  public static final int MAX_LENGTH = 2048;

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
    if (uri.getRawUserInfo() != null) {
      return Optional.of("target must not contain credentials");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) return Optional.of("target must have a host");
    try {
      IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return Optional.of("target host is not a valid host name");
    }
    if (uri.getPort() > 65535) return Optional.of("target port is out of range");
    return Optional.empty();
  }
}
