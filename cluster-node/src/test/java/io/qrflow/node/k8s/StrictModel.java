package io.qrflow.node.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds what the fabric8 model could not place: a field the kind does not have (a typo such as
 * {@code readinesProbe}) lands in some object's {@code additionalProperties}; an unknown
 * apiVersion/kind becomes a {@link GenericKubernetesResource}.
 */
final class StrictModel {

  private StrictModel() {}

  /** Paths of unknown fields ("spec.template.spec.containers[0].readinesProbe"), empty if none. */
  static List<String> unknownFields(Object resource) {
    List<String> found = new ArrayList<>();
    if (resource instanceof GenericKubernetesResource generic) {
      found.add("<kind " + generic.getApiVersion() + "/" + generic.getKind() + " is not a known Kubernetes kind>");
      return found;
    }
    walk(resource, "", found, new IdentityHashMap<>());
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Map<Object, Boolean> seen) {
    if (value == null || seen.put(value, true) != null) return;
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) walk(item, path + "[" + i++ + "]", found, seen);
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (name.equals("additionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> found.add(path + (path.isEmpty() ? "" : ".") + k));
        }
      } else {
        walk(child, path + (path.isEmpty() ? "" : ".") + name, found, seen);
      }
    }
  }
}
