package io.qrflow.edge.microsite.dto;

import io.qrflow.microsite.Block;
import io.qrflow.microsite.Theme;
import java.util.List;

/** Body of {@code POST /api/v1/microsites}; theme and blocks are optional. */
public record CreateMicrositeRequest(String slug, String title, String tagline, Theme theme,
    List<Block> blocks) {}
