package io.qrflow.edge.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VisitorIdsTest {

  private static final byte[] SECRET = "a secret of thirty-two bytes....".getBytes(StandardCharsets.UTF_8);

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-25T23:59:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void sameVisitorSameDaySameIdAndANewIdAfterUtcMidnight() {
    var clock = new MovableClock();
    var ids = new VisitorIds(SECRET, clock);

    String first = ids.idFor("203.0.113.7", "Mozilla/5.0");
    assertEquals(first, ids.idFor("203.0.113.7", "Mozilla/5.0"));
    assertEquals(22, first.length(), "128 bits, base64url without padding");
    assertNotEquals(first, ids.idFor("203.0.113.8", "Mozilla/5.0"));
    assertNotEquals(first, ids.idFor("203.0.113.7", "curl/8"));

    clock.now = clock.now.plus(Duration.ofMinutes(2)); // next UTC day, same thread
    String nextDay = ids.idFor("203.0.113.7", "Mozilla/5.0");
    assertNotEquals(first, nextDay);
    assertEquals(nextDay, ids.idFor("203.0.113.7", "Mozilla/5.0"));
  }

  @Test
  void idsDependOnTheSecretOnlyThroughItsDailySalt() {
    var clock = new MovableClock();
    String a = new VisitorIds(SECRET, clock).idFor("203.0.113.7", "UA");
    String again = new VisitorIds(SECRET, clock).idFor("203.0.113.7", "UA");
    String otherSecret = new VisitorIds("another secret of 32 bytes......".getBytes(StandardCharsets.UTF_8), clock)
        .idFor("203.0.113.7", "UA");

    assertEquals(a, again, "nodes sharing the secret agree on ids");
    assertNotEquals(a, otherSecret);
  }
}
