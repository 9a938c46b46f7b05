package io.qrflow.edge.redirect;

import com.typesafe.config.Config;
import io.qrflow.qr.Scan;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Turns a scan request into a {@link Scan} (anonymized, bounded fields) and hands it, fire and
 * forget, to the {@link ScanBuffer} on its way to the QR code's entity, which counts it in memory.
 */
public final class ScanRecorder {

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,2}");
  private static final int MAX_USER_AGENT = 512;
  private static final int MAX_HOST = 253;
  private static final String UNKNOWN_IP = "unknown";

  /** Header names from {@code qrflow.scan}; an empty client-ip header means the peer address. */
  public record Settings(String countryHeader, String clientIpHeader, Duration bufferInterval) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("qrflow.scan");
      return new Settings(c.getString("country-header"), c.getString("client-ip-header"),
          c.getDuration("edge-buffer-interval"));
    }
  }

  private final ScanBuffer buffer;
  private final VisitorIds visitorIds;
  private final Settings settings;
  private final Clock clock;

  public ScanRecorder(ScanBuffer buffer, VisitorIds visitorIds, Settings settings, Clock clock) {
    this.buffer = buffer;
    this.visitorIds = visitorIds;
    this.settings = settings;
    this.clock = clock;
  }

  public void record(String code, HttpRequest request) {
    buffer.add(code, scanOf(request));
  }

  /** The anonymized record of a request; also used for microsite visits. */
  public Scan scanOf(HttpRequest request) {
    String userAgent = header(request, "User-Agent").map(ua -> truncate(ua, MAX_USER_AGENT)).orElse("");
    return new Scan(
        clock.instant(),
        visitorIds.idFor(clientIp(request), userAgent),
        header(request, settings.countryHeader())
            .map(c -> c.trim().toUpperCase(Locale.ROOT))
            .filter(c -> COUNTRY.matcher(c).matches())
            .orElse(null),
        userAgent,
        header(request, "Referer").map(ScanRecorder::hostOf).orElse(null),
        header(request, "Accept-Language").map(ScanRecorder::firstLanguage).orElse(null));
  }

  /** The client address: the configured proxy header, else the peer. Never stored or logged. */
  public String clientIp(HttpRequest request) {
    if (!settings.clientIpHeader().isEmpty()) {
      Optional<String> forwarded = header(request, settings.clientIpHeader())
          .map(value -> value.split(",", 2)[0].trim())
          .filter(value -> !value.isEmpty());
      if (forwarded.isPresent()) return forwarded.get();
    }
    return request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(address -> address.getAddress())
        .map(address -> address.getHostAddress())
        .orElse(UNKNOWN_IP);
  }

  private static Optional<String> header(HttpRequest request, String name) {
    if (name.isEmpty()) return Optional.empty();
    return request.getHeader(name).map(HttpHeader::value);
  }

  private static String hostOf(String referrer) {
    try {
      String host = URI.create(referrer.trim()).getHost();
      return host == null || host.length() > MAX_HOST ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException notAUri) {
      return null;
    }
  }

  private static String firstLanguage(String acceptLanguage) {
    String first = acceptLanguage.split(",", 2)[0].split(";", 2)[0].trim();
    return LANGUAGE.matcher(first).matches() ? first : null;
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
