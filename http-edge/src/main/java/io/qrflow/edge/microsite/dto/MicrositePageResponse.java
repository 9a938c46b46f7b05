package io.qrflow.edge.microsite.dto;

import io.qrflow.projections.micrositelisting.MicrositeListing;
import java.util.List;

/** One page of the owner's microsites, newest first (from the read side). */
public record MicrositePageResponse(List<MicrositeListing.Row> items, int page, int size, long total) {

  public static MicrositePageResponse of(MicrositeListing.Page page) {
    return new MicrositePageResponse(page.items(), page.page(), page.size(), page.total());
  }
}
