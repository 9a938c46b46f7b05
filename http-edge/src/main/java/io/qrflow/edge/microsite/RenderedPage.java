package io.qrflow.edge.microsite;

import io.qrflow.microsite.Microsite;
import java.util.List;

/**
 * A published microsite rendered once per version: its HTML, its stylesheet and, by index, the
 * targets of its tracked links. {@code page.found()} is false for unknown or unpublished slugs.
 */
record RenderedPage(Microsite.Page page, byte[] html, byte[] css, List<String> links) {}
