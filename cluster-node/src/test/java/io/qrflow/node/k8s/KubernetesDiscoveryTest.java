package io.qrflow.node.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.qrflow.infra.DatabaseSettings;
import io.qrflow.infra.EmbeddedKafkaServer;
import io.qrflow.infra.EmbeddedPostgresServer;
import io.qrflow.infra.LoopbackPorts;
import io.qrflow.node.ApiClient;
import io.qrflow.node.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes path for real: two node processes started with {@code k8s.conf}, as the
 * Deployment starts them, find each other through kubernetes-api discovery against a Kubernetes
 * API emulation (fabric8 mock server over HTTPS, pods as the Deployment's template describes
 * them) and bootstrap one cluster. Pods of another app and pods not running are not contact points.
 */
class KubernetesDiscoveryTest {

  private static final String NAMESPACE = "qrflow-test";
  private static final Duration STARTUP = Duration.ofSeconds(150);

  @TempDir Path dir;

  @Test
  void givenPodsServedByTheKubernetesApi_whenNodesStartWithTheK8sOverlay_thenTheyBootstrapOneCluster()
      throws Exception {
    var web = new MockWebServer();
    var api = new KubernetesMockServer(new Context(), web, new HashMap<>(),
        new JsonResponses(new KubernetesCrudDispatcher()), true);
    api.init(InetAddress.getByName("127.0.0.1"), 0);
    var postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
    var kafka = EmbeddedKafkaServer.start(dir.resolve("kafka"), 0);
    List<Process> nodes = new ArrayList<>();
    try (KubernetesClient client = api.createClient()) {
      Deployment deployment = (Deployment) Manifests.load(Manifests.BASE.resolve("deployment.yaml")).get(0);
      Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      Container template = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      int[] management = {LoopbackPorts.free(), LoopbackPorts.free()};
      for (int i = 0; i < management.length; i++) {
        client.pods().inNamespace(NAMESPACE).resource(pod("qrflow-" + i, labels, template, management[i], "Running")).create();
      }
      client.pods().inNamespace(NAMESPACE).resource(pod("qrflow-pending", labels, template, LoopbackPorts.free(), "Pending")).create();
      client.pods().inNamespace(NAMESPACE).resource(pod("other-app", Map.of("app", "other"), template, LoopbackPorts.free(), "Running")).create();

      Path token = Files.writeString(dir.resolve("token"), "test-token");
      Path ca = Path.of(web.getSelfSignedCertificate().certificatePath());
      for (int i = 0; i < management.length; i++) {
        nodes.add(start(i, management[i], api.getPort(), ca, token, postgres.settings(1), kafka.bootstrapServers()));
      }
      for (int port : management) awaitReady(port, nodes);

      JsonNode members = ApiClient.json(new ApiClient(management[0]).get("/cluster/members", null)).get("members");
      assertEquals(2, members.size(), members.toString());
      for (JsonNode member : members) assertEquals("Up", member.get("status").asText());
      assertTrue(podListsAsked(web), "discovery asked the API for pods labelled app=qrflow");
    } finally {
      for (Process node : nodes) node.destroy();
      for (Process node : nodes) node.waitFor(60, TimeUnit.SECONDS);
      kafka.close();
      postgres.close();
      api.destroy();
    }
  }

  private static Pod pod(String name, Map<String, String> labels, Container template, int managementPort,
      String phase) {
    List<ContainerPort> ports = new ArrayList<>();
    for (ContainerPort p : template.getPorts()) {
      int port = p.getName().equals("management") ? managementPort : p.getContainerPort();
      ports.add(new ContainerPortBuilder(p).withContainerPort(port).build());
    }
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName(template.getName()).withImage(template.getImage())
        .withPorts(ports).endContainer().endSpec()
        .withNewStatus().withPhase(phase).withPodIP("127.0.0.1").endStatus()
        .build();
  }

  private Process start(int index, int managementPort, int apiPort, Path ca, Path token,
      DatabaseSettings db, String kafka) throws IOException {
    var command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "-Dconfig.resource=k8s.conf",
        "-Dpekko.discovery.kubernetes-api.api-ca-path=" + ca,
        "-Dpekko.discovery.kubernetes-api.api-token-path=" + token,
        "-cp", System.getProperty("java.class.path"), Main.class.getName());
    var builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("KUBERNETES_SERVICE_HOST", "localhost"); // the name in the mock server's certificate
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(apiPort));
    env.put("QRFLOW_POD_NAMESPACE", NAMESPACE);
    env.put("QRFLOW_REQUIRED_CONTACT_POINTS", "2");
    env.put("QRFLOW_REMOTE_HOST", "127.0.0.1");
    env.put("QRFLOW_REMOTE_PORT", String.valueOf(LoopbackPorts.free()));
    env.put("QRFLOW_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("QRFLOW_MANAGEMENT_BIND_HOST", "127.0.0.1");
    env.put("QRFLOW_HTTP_HOST", "127.0.0.1");
    env.put("QRFLOW_HTTP_PORT", String.valueOf(LoopbackPorts.free()));
    env.put("QRFLOW_DATA_DIR", dir.resolve("node-" + index).toString());
    env.put("QRFLOW_DB_URL", db.url());
    env.put("QRFLOW_DB_USER", db.user());
    env.put("QRFLOW_DB_PASSWORD", db.password());
    env.put("QRFLOW_DB_POOL_SIZE", "3");
    env.put("QRFLOW_JOURNAL_POOL_SIZE", "3");
    env.put("QRFLOW_KAFKA_BOOTSTRAP", kafka);
    builder.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node-" + index + ".log").toFile()));
    return builder.start();
  }

  private void awaitReady(int managementPort, List<Process> nodes) throws Exception {
    var probe = new ApiClient(managementPort);
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (nodes.stream().anyMatch(p -> !p.isAlive())) break;
      try {
        if (probe.get("/ready", null).statusCode() == 200) return;
      } catch (IllegalStateException notYetListening) {
        // starting
      }
      Thread.sleep(250);
    }
    StringBuilder logs = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      List<String> lines = Files.readAllLines(dir.resolve("node-" + i + ".log"));
      logs.append("--- node-").append(i).append('\n')
          .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
    throw new AssertionError("node on management port " + managementPort + " never became ready\n" + logs);
  }

  private static boolean podListsAsked(MockWebServer web) throws InterruptedException {
    RecordedRequest request;
    while ((request = web.takeRequest(1, TimeUnit.SECONDS)) != null) {
      String path = request.getPath();
      if (request.getMethod().equals("GET") && path.startsWith("/api/v1/namespaces/" + NAMESPACE + "/pods")
          && path.contains("labelSelector=app%3Dqrflow")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The mock's CRUD responses carry no Content-Type; a real API server sends application/json,
   * which the discovery's unmarshaller insists on.
   */
  private static final class JsonResponses extends Dispatcher {
    private final Dispatcher crud;

    JsonResponses(Dispatcher crud) {
      this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      return crud.dispatch(request).setHeader("Content-Type", "application/json");
    }
  }
}
