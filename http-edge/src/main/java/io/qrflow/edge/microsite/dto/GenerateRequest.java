package io.qrflow.edge.microsite.dto;

/** Body of {@code POST /api/v1/microsites/{slug}/generate}. */
public record GenerateRequest(String prompt, String tone, String language) {}
