package io.qrflow.edge.webhooks.dto;

/** A new signing secret, shown once. */
public record SecretResponse(String secret) {}
