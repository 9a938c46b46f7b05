package io.qrflow.edge.microsite.dto;

import io.qrflow.microsite.Block;
import io.qrflow.microsite.Microsite;
import io.qrflow.microsite.Theme;
import java.time.Instant;
import java.util.List;

/** A microsite as its owner sees it, with its public URL. */
public record MicrositeResponse(String slug, String url, String title, String tagline, Theme theme,
    List<Block> blocks, List<String> linkedCodes, boolean published, int version,
    int publishedVersion, List<Microsite.Version> versions, Microsite.Generation generation,
    long views, long clicks, Instant createdAt, Instant updatedAt) {

  public static MicrositeResponse of(Microsite.Details d, String publicBaseUrl) {
    return new MicrositeResponse(d.slug(), publicBaseUrl + "/m/" + d.slug(), d.title(), d.tagline(),
        d.theme(), d.blocks(), d.linkedCodes(), d.published(), d.version(), d.publishedVersion(),
        d.versions(), d.generation(), d.views(), d.clicks(), d.createdAt(), d.updatedAt());
  }
}
