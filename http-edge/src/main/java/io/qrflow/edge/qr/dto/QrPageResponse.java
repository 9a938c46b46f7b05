package io.qrflow.edge.qr.dto;

import java.util.List;

/** One page of the owner's QR codes, newest first. */
public record QrPageResponse(List<QrResponse> items, int page, int size, long total) {}
