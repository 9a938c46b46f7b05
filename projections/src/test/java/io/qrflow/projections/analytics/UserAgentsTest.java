package io.qrflow.projections.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What ua-parser plus the bot rules make of real user agents. */
class UserAgentsTest {

  static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
      + " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
  static final String IPAD = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15"
      + " (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
  static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
  static final String ANDROID_TABLET = "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  static final String WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  static final String MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0)"
      + " Gecko/20100101 Firefox/121.0";
  static final String CUBOT_PHONE = "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36";

  private final UserAgents agents = new UserAgents();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      IPHONE + "|mobile|iOS|Mobile Safari",
      IPAD + "|tablet|iOS|Mobile Safari",
      ANDROID + "|mobile|Android|Chrome Mobile",
      ANDROID_TABLET + "|tablet|Android|Chrome",
      WINDOWS_CHROME + "|desktop|Windows|Chrome",
      MAC_FIREFOX + "|desktop|Mac OS X|Firefox",
      CUBOT_PHONE + "|mobile|Android|Chrome Mobile"})
  void givenAPersonsBrowser_thenDeviceOsAndBrowserAndNoBot(String ua, String device, String os, String browser) {
    var agent = agents.classify(ua);
    assertFalse(agent.bot(), ua);
    assertEquals(device, agent.deviceType(), ua);
    assertEquals(os, agent.os(), ua);
    assertEquals(browser, agent.browser(), ua);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)|Slackbot",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)|facebookexternalhit",
      "WhatsApp/2.23.20.0 A|WhatsApp",
      "Twitterbot/1.0|Twitterbot",
      "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)|LinkedInBot",
      "TelegramBot (like TwitterBot)|TelegramBot",
      "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)|UptimeRobot",
      "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)|Pingdom",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36|HeadlessChrome",
      "curl/8.5.0|curl",
      "Wget/1.21.4|Wget",
      "python-requests/2.31.0|python-requests",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)|Googlebot"})
  void givenAPreviewerMonitorHeadlessBrowserOrHttpLibrary_thenABotNamedAfterIt(String ua, String name) {
    var agent = agents.classify(ua);
    assertTrue(agent.bot(), ua);
    assertEquals("bot", agent.deviceType());
    assertEquals(name, agent.botAgent());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
      "Mozilla/5.0 (compatible; SomeNewCrawler/0.1)",
      "my-spider 1.0"})
  void givenAnAgentCallingItselfABotCrawlerOrSpider_thenABot(String ua) {
    assertTrue(agents.classify(ua).bot(), ua);
  }

  @ParameterizedTest
  @CsvSource(value = {"''", "'   '"})
  void givenNoUserAgent_thenABotWithUnknownName(String ua) {
    var agent = agents.classify(ua);
    assertTrue(agent.bot());
    assertEquals("unknown", agent.botAgent());
  }
}
