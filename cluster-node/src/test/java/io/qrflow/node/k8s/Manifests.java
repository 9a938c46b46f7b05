package io.qrflow.node.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The manifests under {@code k8s/}, read with the fabric8 Kubernetes model. */
final class Manifests {

  /** Surefire runs in the module directory; the manifests are at the repository root. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path BASE = ROOT.resolve("k8s/base");
  static final Path PRODUCTION = ROOT.resolve("k8s/overlays/production");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private Manifests() {}

  /** Every document of a file, typed by its apiVersion and kind. */
  static List<HasMetadata> load(Path file) {
    List<HasMetadata> resources = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(read(file))) {
      if (document.strip().isEmpty() || document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      resources.add(Serialization.unmarshal(document, HasMetadata.class));
    }
    return resources;
  }

  /** A file as a plain tree (kustomization files are not Kubernetes resources). */
  static JsonNode tree(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
