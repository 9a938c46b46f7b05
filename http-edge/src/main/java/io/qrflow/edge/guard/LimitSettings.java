package io.qrflow.edge.guard;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Rate limits from {@code qrflow.limits}. A limit of 0 switches that rule off.
 *
 * @param scans scans per client IP (fail open: without Redis, scans pass)
 * @param registrations new accounts per client IP (fail closed)
 * @param api API calls per signed-in user (fail open)
 * @param login failed sign-ins per account and client IP before lockouts (fail closed)
 */
public record LimitSettings(Rule scans, Rule registrations, Rule api, Login login) {

  /** At most {@code limit} requests per {@code window}, in bursts of up to {@code limit}. */
  public record Rule(int limit, Duration window) {
    public boolean enabled() {
      return limit > 0;
    }

    static Rule of(Config c) {
      return new Rule(c.getInt("limit"), c.getDuration("window"));
    }
  }

  /**
   * After {@code freeAttempts} failures the account+IP is locked for {@code baseLockout}, doubled
   * with every further failure up to {@code maxLockout}; failures are forgotten after
   * {@code memory} without one, and at once by a successful sign-in.
   */
  public record Login(int freeAttempts, Duration baseLockout, Duration maxLockout, Duration memory) {}

  public static LimitSettings fromConfig(Config config) {
    Config c = config.getConfig("qrflow.limits");
    Config login = c.getConfig("login");
    return new LimitSettings(Rule.of(c.getConfig("scans")), Rule.of(c.getConfig("registrations")),
        Rule.of(c.getConfig("api")),
        new Login(login.getInt("free-attempts"), login.getDuration("base-lockout"),
            login.getDuration("max-lockout"), login.getDuration("memory")));
  }
}
