package io.qrflow.edge.redirect;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anonymized visitor ids: a keyed hash of IP and user agent with a salt that rotates every UTC
 * day, so the same visitor is recognizable within a day but raw IPs are never kept and ids
 * cannot be linked across days.
 */
public final class VisitorIds {

  private static final String HMAC = "HmacSHA256";
  /** 128 bits are plenty to tell visitors apart; shorter ids keep scan events small. */
  private static final int ID_BYTES = 16;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final byte[] secret;
  private final Clock clock;
  private volatile DailyKey current;
  /** Each thread's Mac, initialized once per daily key rather than once per scan. */
  private final ThreadLocal<KeyedMac> macs = new ThreadLocal<>();

  private record DailyKey(long epochDay, SecretKeySpec key) {}

  private record KeyedMac(DailyKey key, Mac mac) {}

  public VisitorIds(byte[] secret, Clock clock) {
    this.secret = secret.clone();
    this.clock = clock;
  }

  public String idFor(String ip, String userAgent) {
    Mac mac = macFor(keyForToday());
    mac.update(ip.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '\n');
    byte[] hash = mac.doFinal(userAgent.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, ID_BYTES));
  }

  private Mac macFor(DailyKey key) {
    KeyedMac keyed = macs.get();
    if (keyed == null || keyed.key() != key) {
      try {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(key.key());
        keyed = new KeyedMac(key, mac);
        macs.set(keyed);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 is always available", e);
      }
    }
    return keyed.mac();
  }

  private DailyKey keyForToday() {
    long today = Math.floorDiv(clock.millis(), MILLIS_PER_DAY); // the UTC day
    DailyKey key = current;
    if (key == null || key.epochDay() != today) {
      key = new DailyKey(today, new SecretKeySpec(daySalt(LocalDate.ofEpochDay(today)), HMAC));
      current = key;
    }
    return key;
  }

  private byte[] daySalt(LocalDate day) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      return mac.doFinal(day.toString().getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is always available", e);
    }
  }
}
