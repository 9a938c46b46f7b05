package io.qrflow.projections.ml;

import io.qrflow.projections.contracts.Payloads;

/**
 * Makes a microsite's content (title, tagline, blocks) from the owner's description. Chosen by
 * {@code qrflow.ml.generator}; implementations are thread-safe and blocking (the ml consumer
 * calls them on its own dispatcher) and never return unvalidated content.
 */
public interface ContentGenerator {

  /** What the owner asked for. */
  record Request(String slug, String prompt, String tone, String language) {}

  /** The name published in {@code ml.generation.complete.generator}. */
  String name();

  /** Valid content, or a {@link GenerationFailed} saying why there is none. */
  Payloads.GeneratedContent generate(Request request) throws GenerationFailed;

  /** No content could be made; the message is shown to the owner. */
  final class GenerationFailed extends Exception {
    private static final long serialVersionUID = 1L;

    public GenerationFailed(String message) {
      super(message);
    }
  }
}
