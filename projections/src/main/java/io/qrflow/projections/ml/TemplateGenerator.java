package io.qrflow.projections.ml;

import io.qrflow.microsite.Block;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.qr.TargetUrl;
import io.qrflow.user.EmailAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import io.qrflow.projections.ml.TemplateTexts.Category;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in offline generator (the default): no model, no network. It finds the business
 * category from keywords of the prompt and fills that category's templates with what the prompt
 * names: business name, place, web links, social profiles, e-mail and phone. Deterministic: the
 * same request always gives the same content. Templates exist in English, German, French and
 * Spanish ({@link TemplateTexts}); a regional tag such as {@code de-AT} uses its language, no
 * language means English, and any other language fails the request with a message saying which
 * languages there are (the owner sees it as the generation's error status).
 */
public final class TemplateGenerator implements ContentGenerator {

  public static final String NAME = "template";

  private static final Pattern QUOTED = Pattern.compile("[\"“]([^\"”]{2,60})[\"”]");
  private static final Pattern CALLED = Pattern.compile(
      "(?:called|named|namens|genannt|heißt|appelée?|nommée?|llamad[oa]|se llama)\\s+((?:[\\p{Lu}0-9][\\p{L}0-9'&.-]*\\s?){1,5})");
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ()/-]{5,20}\\d");
  private static final Set<String> NETWORKS = Block.NETWORKS;
  private static final int MAX_ABOUT = 1200;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Payloads.GeneratedContent generate(Request request) throws GenerationFailed {
    TemplateTexts texts = TemplateTexts.forLanguage(request.language()).orElseThrow(() ->
        new GenerationFailed("the built-in template generator writes " + TemplateTexts.LANGUAGES
            + ", not '" + request.language() + "'; choose one of these languages"));
    String prompt = request.prompt().replaceAll("\\p{Cntrl}", " ").strip();
    if (prompt.isEmpty()) throw new GenerationFailed("the description is empty");
    Category category = categoryOf(prompt, texts);
    Optional<String> place = first(texts.placePattern(), prompt);
    String name = businessName(prompt).orElse(capitalize(String.format(texts.fallbackName(), category.noun())));
    String where = place.map(p -> String.format(texts.place(), p)).orElse("");
    String tone = request.tone() == null ? "friendly" : request.tone();
    String tagline = capitalize(String.format(texts.taglines().getOrDefault(tone, texts.taglines().get("friendly")),
        category.noun(), where));

    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block.Heading(String.format(texts.welcome(), name), 1));
    blocks.add(new Block.Markdown(about(prompt, texts, category, name, where)));
    blocks.add(new Block.Heading(texts.whatWeOffer(), 2));
    blocks.add(new Block.Markdown(offers(prompt, category)));
    List<String> urls = urls(prompt);
    List<Block.SocialLink> social = new ArrayList<>();
    boolean primary = true;
    for (String url : urls) {
      String network = networkOf(url);
      if (network != null) {
        social.add(new Block.SocialLink(network, url));
      } else {
        blocks.add(new Block.Link(primary ? category.cta() : String.format(texts.visit(), URI.create(url).getHost()), url));
        primary = false;
      }
    }
    String email = first(EMAIL, prompt).flatMap(EmailAddress::normalize).orElse(null);
    String phone = first(PHONE, prompt).map(String::strip).orElse(null);
    if (email != null || phone != null) {
      blocks.add(new Block.Heading(texts.getInTouch(), 2));
      blocks.add(new Block.Contact(truncate(name, Block.MAX_SHORT_TEXT), null, null, phone, email,
          urls.stream().filter(u -> networkOf(u) == null).findFirst().orElse(null), place.orElse(null)));
    }
    if (!social.isEmpty()) {
      blocks.add(new Block.Social(social.subList(0, Math.min(social.size(), Block.MAX_SOCIAL_LINKS))));
    }
    return ContentSanitizer.sanitize(name, tagline, blocks);
  }

  static Category categoryOf(String prompt, TemplateTexts texts) {
    String text = prompt.toLowerCase(Locale.ROOT);
    Category best = texts.general();
    long bestHits = 0;
    for (Category category : texts.categories()) {
      long hits = category.keywords().stream().filter(k -> Pattern.compile("\\b" + Pattern.quote(k))
          .matcher(text).find()).count();
      if (hits > bestHits) {
        best = category;
        bestHits = hits;
      }
    }
    return best;
  }

  private static Optional<String> businessName(String prompt) {
    return first(QUOTED, prompt).or(() -> first(CALLED, prompt)).map(String::strip)
        .filter(n -> !n.isEmpty());
  }

  private static String about(String prompt, TemplateTexts texts, Category category, String name,
      String where) {
    String description = truncate(prompt, MAX_ABOUT);
    return String.format(texts.about(), escapeMarkdown(name), category.noun(), where) + "\n\n"
        + escapeMarkdown(description);
  }

  /** The category's offers; those the prompt mentions in its own words come first. */
  private static String offers(String prompt, Category category) {
    Set<String> items = new LinkedHashSet<>();
    String text = prompt.toLowerCase(Locale.ROOT);
    for (String keyword : category.keywords()) {
      if (text.contains(keyword)) items.add(capitalize(keyword));
    }
    items.addAll(category.offers());
    return items.stream().limit(6).map(i -> "- " + i).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static List<String> urls(String prompt) {
    List<String> urls = new ArrayList<>();
    Matcher m = URL.matcher(prompt);
    while (m.find()) {
      String url = m.group().replaceAll("[.,;:!?)]+$", "");
      if (TargetUrl.problemWith(url).isEmpty() && !urls.contains(url)) urls.add(url);
    }
    return urls;
  }

  private static String networkOf(String url) {
    String host = URI.create(url).getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
    if (host.equals("twitter.com") || host.equals("x.com")) return "x";
    if (host.equals("wa.me")) return "whatsapp";
    if (host.equals("t.me")) return "telegram";
    String base = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
    return NETWORKS.contains(base) && !base.equals("website") ? base : null;
  }

  private static Optional<String> first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group())
        : Optional.empty();
  }

  private static String escapeMarkdown(String text) {
    return text.replaceAll("([\\\\`*_\\[\\]<>#|])", "\\\\$1");
  }

  private static String capitalize(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1).strip() + "…";
  }
}
