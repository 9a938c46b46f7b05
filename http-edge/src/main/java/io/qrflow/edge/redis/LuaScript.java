package io.qrflow.edge.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script run atomically by Redis: by its SHA-1 ({@code EVALSHA}), and by its text when the
 * server does not know it yet (first use, or a restarted Redis).
 */
public final class LuaScript {

  private final String text;
  private final String sha1;

  public LuaScript(String text) {
    this.text = text;
    try {
      this.sha1 = HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /** The same with binary arguments (e.g. image bytes). */
  public Object runBinary(UnifiedJedis jedis, List<byte[]> keys, List<byte[]> args) {
    try {
      return jedis.evalsha(sha1.getBytes(StandardCharsets.US_ASCII), keys, args);
    } catch (JedisNoScriptException unknown) {
      return jedis.eval(text.getBytes(StandardCharsets.UTF_8), keys, args);
    }
  }

  public Object run(UnifiedJedis jedis, List<String> keys, List<String> args) {
    try {
      return jedis.evalsha(sha1, keys, args);
    } catch (JedisNoScriptException unknown) {
      return jedis.eval(text, keys, args);
    }
  }
}
