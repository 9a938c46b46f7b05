package io.qrflow.projections.ml;

import io.qrflow.microsite.Block;
import io.qrflow.projections.contracts.Payloads;
import io.qrflow.projections.ml.ContentGenerator.GenerationFailed;
import java.util.ArrayList;
import java.util.List;

/**
 * The last step of every generator: control characters removed from texts, title and tagline
 * bounded, blocks that break the microsite rules (e.g. a {@code javascript:} URL) dropped, at
 * most {@link Block#MAX_BLOCKS} kept. What comes out is accepted by the Microsite entity.
 */
final class ContentSanitizer {

  private ContentSanitizer() {}

  static Payloads.GeneratedContent sanitize(String title, String tagline, List<Block> blocks)
      throws GenerationFailed {
    String cleanTitle = clean(title);
    if (cleanTitle == null || cleanTitle.isBlank()) throw new GenerationFailed("the answer had no title");
    List<Block> kept = new ArrayList<>();
    for (Block block : blocks == null ? List.<Block>of() : blocks) {
      if (block != null && !(block instanceof Block.QrEmbed) && kept.size() < Block.MAX_BLOCKS && block.problems("block").isEmpty()) {
        kept.add(block);
      }
    }
    if (kept.isEmpty()) throw new GenerationFailed("the answer had no usable blocks");
    return new Payloads.GeneratedContent(cleanTitle, clean(tagline), kept);
  }

  private static String clean(String text) {
    if (text == null) return null;
    String single = text.replaceAll("\\p{Cntrl}", " ").strip();
    return single.length() <= Block.MAX_SHORT_TEXT ? single : single.substring(0, Block.MAX_SHORT_TEXT);
  }
}
