package io.qrflow.edge.microsite.dto;

import io.qrflow.microsite.Block;
import io.qrflow.microsite.Theme;
import java.util.List;

/** Body of {@code PATCH /api/v1/microsites/{slug}}: absent fields stay as they are. */
public record UpdateMicrositeRequest(String title, String tagline, Theme theme, List<Block> blocks,
    List<String> linkedCodes) {}
