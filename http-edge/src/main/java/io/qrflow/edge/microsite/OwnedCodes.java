package io.qrflow.edge.microsite;

import io.qrflow.common.Rejection;
import io.qrflow.microsite.Block;
import io.qrflow.qr.QrCode;
import io.qrflow.qr.ShortCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * Checks that the QR codes a microsite names (its linked codes and its embedded-QR blocks) belong
 * to the microsite's owner, by asking each code's entity: the read side may not have a code
 * created a moment ago. Malformed codes are left to the entity's own validation.
 */
final class OwnedCodes {

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  OwnedCodes(ClusterSharding sharding, Duration askTimeout) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  /** One problem per named code the user does not own; fails only when an entity does not answer. */
  CompletionStage<List<String>> problems(String userId, List<String> linkedCodes, List<Block> blocks) {
    List<String[]> named = new ArrayList<>(); // field, code
    if (linkedCodes != null) {
      for (int i = 0; i < linkedCodes.size(); i++) named.add(new String[] {"linkedCodes[" + i + "]", linkedCodes.get(i)});
    }
    if (blocks != null) {
      for (int i = 0; i < blocks.size(); i++) {
        if (blocks.get(i) instanceof Block.QrEmbed qr) named.add(new String[] {"blocks[" + i + "].code", qr.code()});
      }
    }
    List<CompletableFuture<String>> checks = named.stream()
        .filter(n -> ShortCode.isWellFormed(n[1]))
        .map(n -> check(userId, n[0], n[1]).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(done -> checks.stream().map(CompletableFuture::join).filter(p -> p != null).toList());
  }

  private CompletionStage<String> check(String userId, String field, String code) {
    return sharding.entityRefFor(QrCode.ENTITY_KEY, code)
        .ask((ActorRef<StatusReply<QrCode.Summary>> r) -> new QrCode.GetQrCode(userId, r), askTimeout)
        .thenApply(reply -> {
          if (reply.isSuccess()) return null;
          boolean notOwned = Rejection.decode(reply.getError().getMessage())
              .map(r -> r.kind() == Rejection.Kind.NOT_FOUND).orElse(false);
          return notOwned ? field + ": '" + code + "' is not one of your QR codes"
              : field + ": " + reply.getError().getMessage();
        });
  }
}
