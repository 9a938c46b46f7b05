package io.qrflow.projections.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Classifies a user agent with the ua-parser library (uap-core's maintained regexes) and decides
 * whether it is a bot: link previewers, monitoring agents, headless browsers, HTTP libraries and
 * anything calling itself a bot, crawler or spider. An empty user agent is a bot too: every
 * browser a person scans with sends one. Thread-safe; results of repeated agents are cached.
 */
public final class UserAgents {

  /** What a scan's user agent says. For bots, {@code botAgent} names the agent. */
  public record Agent(String deviceType, String os, String browser, boolean bot, String botAgent) {}

  public static final String UNKNOWN = "unknown";
  private static final int CACHE_SIZE = 10_000;
  private static final int MAX_KEY = 100;

  /** Named agents, most specific first: the token to look for and the name shown under bots. */
  private record NamedBot(String token, String name) {}

  private static final List<NamedBot> NAMED_BOTS = List.of(
      new NamedBot("slackbot", "Slackbot"),
      new NamedBot("facebookexternalhit", "facebookexternalhit"),
      new NamedBot("facebot", "Facebot"),
      new NamedBot("whatsapp", "WhatsApp"),
      new NamedBot("telegrambot", "TelegramBot"), // says "like TwitterBot"
      new NamedBot("twitterbot", "Twitterbot"),
      new NamedBot("linkedinbot", "LinkedInBot"),
      new NamedBot("discordbot", "Discordbot"),
      new NamedBot("skypeuripreview", "SkypeUriPreview"),
      new NamedBot("googlebot", "Googlebot"),
      new NamedBot("bingbot", "bingbot"),
      new NamedBot("uptimerobot", "UptimeRobot"),
      new NamedBot("pingdom", "Pingdom"),
      new NamedBot("statuscake", "StatusCake"),
      new NamedBot("headlesschrome", "HeadlessChrome"),
      new NamedBot("phantomjs", "PhantomJS"),
      new NamedBot("curl/", "curl"),
      new NamedBot("wget/", "Wget"),
      new NamedBot("python-requests", "python-requests"),
      new NamedBot("python-urllib", "Python-urllib"),
      new NamedBot("go-http-client", "Go-http-client"),
      new NamedBot("okhttp", "okhttp"),
      new NamedBot("java/", "Java"),
      new NamedBot("apache-httpclient", "Apache-HttpClient"));

  private static final Pattern GENERIC_BOT =
      Pattern.compile("\\bbot\\b|bot/|crawler|spider|crawl|slurp|preview|monitor|headless", Pattern.CASE_INSENSITIVE);
  private static final Set<String> DESKTOP_OS = Set.of("Windows", "Mac OS X", "Linux", "Ubuntu",
      "Chrome OS", "Fedora", "Debian", "FreeBSD", "OpenBSD", "Mandriva", "Red Hat", "SUSE");
  private static final Set<String> MOBILE_OS = Set.of("iOS", "Android", "Windows Phone",
      "BlackBerry OS", "KaiOS", "Symbian OS", "Firefox OS", "HarmonyOS", "Tizen");

  private static final Parser PARSER = new Parser();
  private final Cache<String, Agent> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

  public Agent classify(String userAgent) {
    String ua = userAgent == null ? "" : userAgent.strip();
    return cache.get(ua, UserAgents::parse);
  }

  private static Agent parse(String ua) {
    if (ua.isEmpty()) return bot(UNKNOWN, UNKNOWN, UNKNOWN);
    Client client = PARSER.parse(ua);
    String os = known(client.os.family);
    String browser = known(client.userAgent.family);
    String lower = ua.toLowerCase(Locale.ROOT);
    for (NamedBot named : NAMED_BOTS) {
      if (lower.contains(named.token())) return bot(named.name(), os, browser);
    }
    if ("Spider".equals(client.device.family) || GENERIC_BOT.matcher(ua).find()) {
      return bot(UNKNOWN.equals(browser) ? "other bot" : browser, os, browser);
    }
    return new Agent(deviceType(client, lower), os, browser, false, null);
  }

  private static Agent bot(String name, String os, String browser) {
    return new Agent("bot", os, browser, true, clip(name));
  }

  private static String deviceType(Client client, String lower) {
    String os = client.os.family;
    if ("iPad".equals(client.device.family) || lower.contains("tablet")) return "tablet";
    if ("Android".equals(os)) return lower.contains("mobile") ? "mobile" : "tablet";
    if (MOBILE_OS.contains(os)) return "mobile";
    if (DESKTOP_OS.contains(os)) return "desktop";
    return "other";
  }

  private static String known(String family) {
    return family == null || family.isBlank() || "Other".equals(family) ? UNKNOWN : clip(family);
  }

  /** Dimension keys are at most {@value #MAX_KEY} characters (the rollup column). */
  static String clip(String key) {
    return key.length() <= MAX_KEY ? key : key.substring(0, MAX_KEY);
  }
}
