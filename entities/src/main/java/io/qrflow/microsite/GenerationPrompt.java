package io.qrflow.microsite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of a generation request: what the owner asks the ml service for. */
public final class GenerationPrompt {

  public static final int MAX_PROMPT = 2000;
  public static final Set<String> TONES = Set.of("friendly", "professional", "playful", "formal",
      "enthusiastic", "calm");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Z]{2})?");

  private GenerationPrompt() {}

  public static List<String> problems(String prompt, String tone, String language) {
    List<String> problems = new ArrayList<>();
    if (prompt == null || prompt.isBlank()) problems.add("prompt is required");
    else if (prompt.length() > MAX_PROMPT) problems.add("prompt is longer than " + MAX_PROMPT);
    else if (prompt.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
      problems.add("prompt must not contain control characters");
    }
    if (tone != null && !TONES.contains(tone)) problems.add("tone must be one of " + TONES);
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      problems.add("language must look like 'en' or 'de-DE'");
    }
    return problems;
  }
}
