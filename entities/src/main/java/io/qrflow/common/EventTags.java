package io.qrflow.common;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Spreads an entity type's events over a fixed number of tags, {@code <prefix>-<n>}, so that N
 * projection instances can each follow one tag. The count is frozen once data exists.
 */
public record EventTags(String prefix, int count) {

  public EventTags {
    if (count < 1) throw new IllegalArgumentException("tag count must be positive");
  }

  public String tagFor(String entityId) {
    return prefix + "-" + Math.floorMod(entityId.hashCode(), count);
  }

  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
  }
}
