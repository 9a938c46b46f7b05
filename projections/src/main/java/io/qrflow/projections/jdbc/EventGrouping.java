package io.qrflow.projections.jdbc;

import com.typesafe.config.Config;
import java.time.Duration;

/** How many journal events, or how much time, make one group handled together by a projection. */
public record EventGrouping(int maxEvents, Duration maxDelay) {

  /** From {@code group-max-events} and {@code group-max-delay} at {@code path}. */
  public static EventGrouping at(Config config, String path) {
    Config c = config.getConfig(path);
    return new EventGrouping(c.getInt("group-max-events"), c.getDuration("group-max-delay"));
  }
}
