package io.qrflow.edge.image;

import io.qrflow.edge.redis.LuaScript;
import io.qrflow.edge.redis.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Rendered QR images in Redis, shared by every node. A key names the code, the version of its
 * target and the image variant; storing an image for a new target version first deletes every
 * image of the older one, so a target change invalidates the code's images at once. All of a
 * code's keys share the hash tag {@code {code}} (one slot in Redis Cluster).
 */
final class RedisImageCache {

  // KEYS[1] version, KEYS[2] index of the code's image keys, KEYS[3] image; ARGV version, bytes, ttl ms.
  private static final LuaScript PUT = new LuaScript("""
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then
        local old = redis.call('SMEMBERS', KEYS[2])
        for _, key in ipairs(old) do redis.call('DEL', key) end
        redis.call('DEL', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
      end
      redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
      redis.call('SADD', KEYS[2], KEYS[3])
      redis.call('PEXPIRE', KEYS[2], ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """);

  private final Redis redis;
  private final Duration ttl;

  RedisImageCache(Redis redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  CompletionStage<Optional<byte[]>> get(String code, String version, String variant) {
    byte[] key = bytes(imageKey(code, version, variant));
    return redis.call(jedis -> Optional.ofNullable(jedis.get(key)));
  }

  CompletionStage<Object> put(String code, String version, String variant, byte[] image) {
    List<byte[]> keys = List.of(bytes(tagged(code, "version")), bytes(tagged(code, "keys")),
        bytes(imageKey(code, version, variant)));
    List<byte[]> args = List.of(bytes(version), image, bytes(String.valueOf(ttl.toMillis())));
    return redis.call(jedis -> PUT.runBinary(jedis, keys, args));
  }

  private String imageKey(String code, String version, String variant) {
    return tagged(code, version + ":" + variant);
  }

  private String tagged(String code, String suffix) {
    return redis.key("img", "{" + code + "}", suffix);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
