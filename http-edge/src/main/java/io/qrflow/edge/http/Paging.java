package io.qrflow.edge.http;

import java.util.List;
import java.util.Optional;

/** {@code page} (0-based) and {@code size} query parameters, validated. */
public record Paging(int page, int size) {

  /** Either paging or the problems with the parameters. */
  public record Parsed(Paging paging, List<String> problems) {}

  public static Parsed parse(Optional<String> page, Optional<String> size, EdgeSettings settings) {
    // Not Optional.map: a value that is no integer must stay a problem, not fall back to the default.
    Integer p = page.isPresent() ? integer(page.get()) : Integer.valueOf(0);
    Integer s = size.isPresent() ? integer(size.get()) : Integer.valueOf(settings.defaultPageSize());
    if (p == null || p < 0) return new Parsed(null, List.of("page must be an integer >= 0"));
    if (s == null || s < 1 || s > settings.maxPageSize()) {
      return new Parsed(null, List.of("size must be an integer between 1 and " + settings.maxPageSize()));
    }
    return new Parsed(new Paging(p, s), List.of());
  }

  private static Integer integer(String text) {
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
