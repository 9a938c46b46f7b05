package io.qrflow.edge.notifications.dto;

import java.util.Map;

/** {@code {"preferences": {"qr-created": false, ...}}}: kinds and whether the owner gets them. */
public record PreferencesBody(Map<String, Boolean> preferences) {}
