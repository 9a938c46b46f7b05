package io.qrflow.node.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code k8s/} honest: every document parses as a known kind with no unknown field, and
 * ports, probes, labels and variables agree with the node's configuration (k8s.conf) and with
 * each other.
 */
class KubernetesManifestsTest {

  /**
   * Variables the ConfigMap/Secret templates carry for parts built on other branches (Redis and
   * e-mail, DESIGN §9) and not yet read by any configuration here.
   */
  private static final Set<String> DEFINED_ELSEWHERE = Set.of(
      "QRFLOW_REDIS_URL", "QRFLOW_SMTP_HOST", "QRFLOW_SMTP_PORT", "QRFLOW_SMTP_USER",
      "QRFLOW_SMTP_PASSWORD");
  /** {@code ${?QRFLOW_X}} in HOCON, {@code ${QRFLOW_X:-default}} in logback.xml. */
  private static final Pattern ENV_OVERRIDE =
      Pattern.compile("\\$\\{\\?(QRFLOW_[A-Z0-9_]+)}|\\$\\{(QRFLOW_[A-Z0-9_]+):-");

  private static final Map<String, HasMetadata> resources = new HashMap<>();
  private static Config k8sConfig;
  private static Deployment deployment;
  private static Container container;

  @BeforeAll
  static void load() {
    for (JsonNode file : Manifests.tree(Manifests.BASE.resolve("kustomization.yaml")).get("resources")) {
      for (HasMetadata r : Manifests.load(Manifests.BASE.resolve(file.asText()))) {
        HasMetadata earlier = resources.put(r.getKind() + "/" + r.getMetadata().getName(), r);
        assertNull(earlier, "duplicate " + r.getKind() + "/" + r.getMetadata().getName());
      }
    }
    k8sConfig = ConfigFactory.load("k8s.conf");
    deployment = get(Deployment.class, "qrflow");
    container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void everyFileIsInTheKustomizationAndEveryDocumentIsAKnownKindWithoutUnknownFields() throws IOException {
    Set<String> listed = new TreeSet<>();
    Manifests.tree(Manifests.BASE.resolve("kustomization.yaml")).get("resources")
        .forEach(n -> listed.add(n.asText()));
    try (Stream<Path> files = Files.list(Manifests.BASE)) {
      Set<String> present = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(present, listed);
    }
    assertTrue(resources.size() >= 11, resources.keySet().toString());
    for (var entry : resources.entrySet()) {
      assertEquals(List.of(), StrictModel.unknownFields(entry.getValue()), entry.getKey());
    }
  }

  @Test
  void deploymentPortsAndProbesMatchTheNodeConfiguration() {
    Map<String, Integer> ports = container.getPorts().stream()
        .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    assertEquals(Map.of(
        "remoting", k8sConfig.getInt("pekko.remote.artery.canonical.port"),
        "management", k8sConfig.getInt("pekko.management.http.port"),
        "http", k8sConfig.getInt("qrflow.http.port"),
        "scans", k8sConfig.getInt("qrflow.scan.listener.port")), ports);
    assertTrue(ports.containsKey(
        k8sConfig.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name")),
        "bootstrap looks for the management port by this name");

    assertProbe(container.getReadinessProbe(), "/" + k8sConfig.getString("pekko.management.health-checks.readiness-path"));
    assertProbe(container.getLivenessProbe(), "/" + k8sConfig.getString("pekko.management.health-checks.liveness-path"));
    assertTrue(k8sConfig.getConfig("pekko.management.health-checks.readiness-checks").hasPath("qrflow-node"));
  }

  @Test
  void podLabelsAreWhatDiscoveryAndEverySelectorLookFor() {
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    String service = k8sConfig.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name");
    String selector = String.format(k8sConfig.getString("pekko.discovery.kubernetes-api.pod-label-selector"), service);
    String[] keyValue = selector.split("=");
    assertEquals(keyValue[1], podLabels.get(keyValue[0]), "kubernetes-api discovery selects " + selector);
    assertEquals("kubernetes-api", k8sConfig.getString(
        "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    assertTrue(k8sConfig.getBoolean("qrflow.cluster.bootstrap"));

    assertSelects(deployment.getSpec().getSelector().getMatchLabels(), podLabels, "Deployment");
    assertSelects(get(PodDisruptionBudget.class, "qrflow").getSpec().getSelector().getMatchLabels(), podLabels, "PDB");
    Set<String> containerPorts = container.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
    for (Service s : all(Service.class)) {
      assertSelects(s.getSpec().getSelector(), podLabels, s.getMetadata().getName());
      for (ServicePort p : s.getSpec().getPorts()) {
        assertTrue(containerPorts.contains(p.getTargetPort().getStrVal()), s.getMetadata().getName() + " → " + p.getTargetPort());
      }
    }
  }

  @Test
  void rollingUpdatesKeepCapacityAndPodsHaveGuaranteedResources() {
    assertEquals("RollingUpdate", deployment.getSpec().getStrategy().getType());
    assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
    var resourcesOfPod = container.getResources();
    assertEquals(Set.of("cpu", "memory"), resourcesOfPod.getRequests().keySet());
    assertEquals(resourcesOfPod.getRequests(), resourcesOfPod.getLimits(), "requests = limits");
    assertTrue(container.getCommand().stream().anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage=")), "heap from RAM");
    assertTrue(container.getCommand().contains("-Dconfig.resource=k8s.conf"));
    assertNotNull(getClass().getClassLoader().getResource("k8s.conf"), "k8s.conf ships in the node jar");
    // Coordinated shutdown (hand-off, flush) must fit in the grace period.
    assertTrue(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() >= 30);
    assertTrue(get(PodDisruptionBudget.class, "qrflow").getSpec().getMaxUnavailable().getIntVal() == 1);
  }

  @Test
  void theServiceAccountMayListPodsAndEveryReferenceResolves() {
    String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    get(ServiceAccount.class, account);
    RoleBinding binding = all(RoleBinding.class).stream()
        .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(account)))
        .findFirst().orElseThrow(() -> new AssertionError("no RoleBinding for " + account));
    Role role = get(Role.class, binding.getRoleRef().getName());
    assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("pods")
        && r.getVerbs().containsAll(List.of("get", "list", "watch"))), "pod-reader");

    HorizontalPodAutoscaler hpa = get(HorizontalPodAutoscaler.class, "qrflow");
    assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
    assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
    assertTrue(hpa.getSpec().getMinReplicas() >= 3, "keep-majority needs a majority left after one loss");

    Ingress ingress = get(Ingress.class, "qrflow");
    assertEquals("nginx", ingress.getSpec().getIngressClassName());
    Map<String, Integer> portByPath = ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
        .collect(Collectors.toMap(HTTPIngressPath::getPath, path -> servicePort(path.getBackend())));
    assertEquals(Map.of("/r/", k8sConfig.getInt("qrflow.scan.listener.port"),
        "/", k8sConfig.getInt("qrflow.http.port")), portByPath, "scans to the scan listener, the rest to the edge");
    assertEquals("on", get(ConfigMap.class, "qrflow-config").getData().get("QRFLOW_SCAN_LISTENER"),
        "the scan listener is enabled where the Ingress sends scans to it");
  }

  private int servicePort(IngressBackend backend) {
    Service service = get(Service.class, backend.getService().getName());
    return service.getSpec().getPorts().stream()
        .filter(p -> p.getName().equals(backend.getService().getPort().getName()))
        .findFirst().orElseThrow().getPort();
  }

  @Test
  void everyVariableGivenToThePodIsOneTheConfigurationReads() throws IOException {
    Set<String> given = new TreeSet<>();
    container.getEnv().stream().map(EnvVar::getName).forEach(given::add);
    for (EnvFromSource source : container.getEnvFrom()) {
      if (source.getConfigMapRef() != null) {
        given.addAll(get(ConfigMap.class, source.getConfigMapRef().getName()).getData().keySet());
      } else {
        given.addAll(get(Secret.class, source.getSecretRef().getName()).getStringData().keySet());
      }
    }
    Set<String> read = overridesInConfiguration();
    List<String> unknown = new ArrayList<>();
    for (String name : given) {
      if (!read.contains(name) && !DEFINED_ELSEWHERE.contains(name)) unknown.add(name);
    }
    assertEquals(List.of(), unknown, "variables no configuration reads (typos?)");
    assertTrue(given.containsAll(List.of("QRFLOW_DB_URL", "QRFLOW_DB_PASSWORD", "QRFLOW_KAFKA_BOOTSTRAP",
        "QRFLOW_JWT_PRIVATE_JWK", "QRFLOW_REDIS_URL", "QRFLOW_SMTP_HOST", "QRFLOW_REMOTE_HOST")));
  }

  @Test
  void theProductionOverlayPatchesResourcesThatExistInTheBase() {
    JsonNode kustomization = Manifests.tree(Manifests.PRODUCTION.resolve("kustomization.yaml"));
    for (JsonNode resource : kustomization.get("resources")) {
      assertTrue(Files.isDirectory(Manifests.PRODUCTION.resolve(resource.asText())), resource.asText());
    }
    for (JsonNode patch : kustomization.get("patches")) {
      for (HasMetadata r : Manifests.load(Manifests.PRODUCTION.resolve(patch.get("path").asText()))) {
        assertEquals(List.of(), StrictModel.unknownFields(r));
        assertTrue(resources.containsKey(r.getKind() + "/" + r.getMetadata().getName()), "patch target exists");
        if (r instanceof Deployment d) {
          var patched = d.getSpec().getTemplate().getSpec().getContainers().get(0);
          assertEquals(container.getName(), patched.getName(), "patch merges into the container by name");
          assertEquals(patched.getResources().getRequests(), patched.getResources().getLimits());
        }
      }
    }
    String image = container.getImage().split(":")[0];
    assertEquals(image, kustomization.get("images").get(0).get("name").asText());
  }

  private static void assertProbe(Probe probe, String path) {
    assertNotNull(probe);
    assertEquals(path, probe.getHttpGet().getPath());
    assertEquals("management", probe.getHttpGet().getPort().getStrVal());
  }

  private static void assertSelects(Map<String, String> selector, Map<String, String> labels, String who) {
    assertFalse(selector == null || selector.isEmpty(), who + " has a selector");
    selector.forEach((k, v) -> assertEquals(v, labels.get(k), who + " selects the pods by " + k));
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    HasMetadata r = resources.values().stream()
        .filter(x -> type.isInstance(x) && x.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    return type.cast(r);
  }

  private static <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.values().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every variable the node's configuration files (HOCON, logback) read, across modules. */
  private static Set<String> overridesInConfiguration() throws IOException {
    Set<String> names = new HashSet<>();
    try (Stream<Path> files = Files.walk(Manifests.ROOT)) {
      for (Path file : files.filter(p -> (p.toString().endsWith(".conf") || p.endsWith("logback.xml"))
          && !p.toString().contains("/target/") && !p.toString().contains("/data/")).toList()) {
        Matcher m = ENV_OVERRIDE.matcher(Manifests.read(file));
        while (m.find()) names.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return names;
  }
}
