package io.qrflow.projections.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a webhook URL when it is registered: absolute https (http only for allow-listed hosts), no
 * credentials, and a host that is not a forbidden address. A name that does not resolve now is
 * accepted; every delivery resolves and vets it again anyway.
 */
public final class WebhookUrls {

  private static final int MAX_LENGTH = 2048;
  private static final Pattern NUMERIC =
      Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?", Pattern.CASE_INSENSITIVE);

  private final AddressPolicy policy;

  public WebhookUrls(AddressPolicy policy) {
    this.policy = policy;
  }

  /** Why the URL cannot be a webhook target, or empty if it can. May resolve the host (blocking). */
  public Optional<String> problem(String url) {
    if (url == null || url.isBlank()) return Optional.of("'url' is required");
    if (url.length() > MAX_LENGTH) return Optional.of("'url' is longer than " + MAX_LENGTH);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("'url' is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    String host = uri.getHost();
    if (host == null || !uri.isAbsolute()) return Optional.of("'url' must be an absolute https URL");
    boolean allowListed = policy.isAllowListed(host);
    if (!scheme.equals("https") && !(scheme.equals("http") && allowListed)) {
      return Optional.of("'url' must use https");
    }
    if (uri.getRawUserInfo() != null) return Optional.of("'url' must not contain credentials");
    if (uri.getRawFragment() != null) return Optional.of("'url' must not contain a fragment");
    if (allowListed) return Optional.empty();
    if (NUMERIC.matcher(host).matches() && !isLiteral(host)) {
      // 0x7f.1 or 017700000001: other clients read these as loopback; we refuse to guess.
      return Optional.of("'url' host is not a valid IP address");
    }
    try {
      policy.vet(host);
      return Optional.empty();
    } catch (AddressPolicy.Refused refused) {
      return isLiteral(host) || !refused.getMessage().endsWith("does not resolve")
          ? Optional.of("'url' is not allowed: " + refused.getMessage())
          : Optional.empty();
    }
  }

  private static boolean isLiteral(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.contains(":")) return true;
    if (!bare.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.')) return false;
    try {
      InetAddress.getByName(bare);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
