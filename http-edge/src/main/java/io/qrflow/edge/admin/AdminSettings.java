package io.qrflow.edge.admin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.qrflow.user.EmailAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may use the admin views: {@code qrflow.auth.admin-emails}, a comma-separated string (so
 * {@code QRFLOW_ADMIN_EMAILS} can override it) or a HOCON list, normalized like account ids.
 */
public record AdminSettings(Set<String> adminEmails) {

  private static final String KEY = "qrflow.auth.admin-emails";

  public AdminSettings {
    adminEmails = Set.copyOf(adminEmails);
  }

  public static AdminSettings fromConfig(Config config) {
    List<String> raw = config.getValue(KEY).valueType() == ConfigValueType.LIST
        ? config.getStringList(KEY)
        : Arrays.asList(config.getString(KEY).split(","));
    return new AdminSettings(raw.stream()
        .filter(entry -> !entry.isBlank())
        .map(entry -> EmailAddress.normalize(entry).orElseThrow(() -> new IllegalArgumentException(
            KEY + ": '" + entry.strip() + "' is not an e-mail address")))
        .collect(Collectors.toSet()));
  }

  public boolean isAdmin(String email) {
    return email != null && EmailAddress.normalize(email).filter(adminEmails::contains).isPresent();
  }
}
