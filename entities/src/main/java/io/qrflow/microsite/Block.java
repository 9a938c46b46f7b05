package io.qrflow.microsite;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.qrflow.common.JsonSerializable;
import io.qrflow.qr.ShortCode;
import io.qrflow.qr.TargetUrl;
import io.qrflow.user.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One block of a microsite, in page order. The JSON form carries a {@code type} (heading,
 * markdown, link, image, contact, social, qr). Every block validates itself: URLs follow the
 * rules of QR targets, texts are bounded and free of control characters.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Block.Heading.class, name = "heading"),
  @JsonSubTypes.Type(value = Block.Markdown.class, name = "markdown"),
  @JsonSubTypes.Type(value = Block.Link.class, name = "link"),
  @JsonSubTypes.Type(value = Block.Image.class, name = "image"),
  @JsonSubTypes.Type(value = Block.Contact.class, name = "contact"),
  @JsonSubTypes.Type(value = Block.Social.class, name = "social"),
  @JsonSubTypes.Type(value = Block.QrEmbed.class, name = "qr")
})
public sealed interface Block extends JsonSerializable {

  int MAX_BLOCKS = 50;
  int MAX_SHORT_TEXT = 200;
  int MAX_MARKDOWN = 10_000;
  int MAX_SOCIAL_LINKS = 12;
  Set<String> NETWORKS = Set.of("instagram", "facebook", "x", "linkedin", "youtube", "tiktok",
      "github", "mastodon", "website", "whatsapp", "telegram", "pinterest");

  /** What is wrong with this block; {@code at} names it in messages (e.g. "blocks[2]"). */
  List<String> problems(String at);

  record Heading(String text, int level) implements Block {
    public List<String> problems(String at) {
      List<String> p = new ArrayList<>();
      requiredText(at + ".text", text, MAX_SHORT_TEXT, p);
      if (level < 1 || level > 3) p.add(at + ".level must be 1, 2 or 3");
      return p;
    }
  }

  /** CommonMark text; rendered and sanitized on the page, raw HTML never survives. */
  record Markdown(String text) implements Block {
    public List<String> problems(String at) {
      List<String> p = new ArrayList<>();
      if (text == null || text.isBlank()) p.add(at + ".text is required");
      else if (text.length() > MAX_MARKDOWN) p.add(at + ".text is longer than " + MAX_MARKDOWN);
      else if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        p.add(at + ".text must not contain control characters");
      }
      return p;
    }
  }

  record Link(String label, String url) implements Block {
    public List<String> problems(String at) {
      List<String> p = new ArrayList<>();
      requiredText(at + ".label", label, MAX_SHORT_TEXT, p);
      checkUrl(at + ".url", url, p);
      return p;
    }
  }

  record Image(String url, String alt) implements Block {
    public List<String> problems(String at) {
      List<String> p = new ArrayList<>();
      checkUrl(at + ".url", url, p);
      optionalText(at + ".alt", alt, MAX_SHORT_TEXT, p);
      return p;
    }
  }

  /** A contact card; the page offers it as a vCard download. */
  record Contact(String name, String organization, String jobTitle, String phone, String email,
      String website, String address) implements Block {
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{3,32}");

    public List<String> problems(String at) {
      List<String> p = new ArrayList<>();
      requiredText(at + ".name", name, MAX_SHORT_TEXT, p);
      optionalText(at + ".organization", organization, MAX_SHORT_TEXT, p);
      optionalText(at + ".jobTitle", jobTitle, MAX_SHORT_TEXT, p);
      optionalText(at + ".address", address, MAX_SHORT_TEXT, p);
      if (phone != null && !PHONE.matcher(phone).matches()) p.add(at + ".phone is not a phone number");
      if (email != null && EmailAddress.normalize(email).isEmpty()) {
        p.add(at + ".email is not an e-mail address");
      }
      if (website != null) checkUrl(at + ".website", website, p);
      return p;
    }
  }

  record SocialLink(String network, String url) implements JsonSerializable {}

  record Social(List<SocialLink> links) implements Block {
    public List<String> problems(String at) {
      List<String> p = new ArrayList<>();
      if (links == null || links.isEmpty() || links.size() > MAX_SOCIAL_LINKS) {
        p.add(at + ".links must hold 1-" + MAX_SOCIAL_LINKS + " links");
        return p;
      }
      for (int i = 0; i < links.size(); i++) {
        SocialLink link = links.get(i);
        String where = at + ".links[" + i + "]";
        if (link == null) {
          p.add(where + " is required");
          continue;
        }
        if (link.network() == null || !NETWORKS.contains(link.network())) {
          p.add(where + ".network must be one of " + NETWORKS);
        }
        checkUrl(where + ".url", link.url(), p);
      }
      return p;
    }
  }

  /** The QR image of another code (of any owner: QR images are public). */
  record QrEmbed(String code, String caption) implements Block {
    public List<String> problems(String at) {
      List<String> p = new ArrayList<>();
      if (!ShortCode.isWellFormed(code)) p.add(at + ".code must match [A-Za-z0-9_-]{3,64}");
      optionalText(at + ".caption", caption, MAX_SHORT_TEXT, p);
      return p;
    }
  }

  /** Problems of a whole block list, each block named by its index. */
  static List<String> problemsOf(List<Block> blocks) {
    if (blocks == null) return List.of();
    List<String> p = new ArrayList<>();
    if (blocks.size() > MAX_BLOCKS) p.add("at most " + MAX_BLOCKS + " blocks are allowed");
    for (int i = 0; i < blocks.size() && i < MAX_BLOCKS; i++) {
      if (blocks.get(i) == null) p.add("blocks[" + i + "] is required");
      else p.addAll(blocks.get(i).problems("blocks[" + i + "]"));
    }
    return p;
  }

  private static void requiredText(String field, String text, int max, List<String> p) {
    if (text == null || text.isBlank()) p.add(field + " is required");
    else optionalText(field, text, max, p);
  }

  private static void optionalText(String field, String text, int max, List<String> p) {
    if (text == null) return;
    if (text.length() > max) p.add(field + " is longer than " + max + " characters");
    else if (text.chars().anyMatch(Character::isISOControl)) {
      p.add(field + " must not contain control characters");
    }
  }

  private static void checkUrl(String field, String url, List<String> p) {
    TargetUrl.problemWith(url).ifPresent(problem -> p.add(field + ": " + problem));
  }
}
