package io.qrflow.projections.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSRF defence: which addresses a webhook may reach, how hosts are vetted, which URLs register. */
class AddressPolicyTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
      "100.100.100.200", "127.0.0.1", "127.255.0.9", "169.254.0.1", "169.254.169.254",
      "172.16.0.1", "172.31.255.255", "192.0.0.1", "192.0.0.192", "192.0.2.10", "192.88.99.1",
      "192.168.0.1", "192.168.255.255", "198.18.0.1", "198.19.255.255", "198.51.100.7",
      "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
      "168.63.129.16",
      "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
      "::ffff:192.168.1.1", "::127.0.0.1", "fe80::1", "fec0::1", "fc00::1",
      "fd00:ec2::254", "fd12:3456::1", "ff02::1", "ff05::2", "64:ff9b::10.0.0.1",
      "64:ff9b::7f00:1", "2002:7f00:0001::1", "2002:c0a8:0101::1", "2001:db8::1", "2001::1",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1", "4000::1"})
  void givenANonPublicAddress_thenItIsForbidden(String literal) throws UnknownHostException {
    assertTrue(AddressPolicy.isForbidden(InetAddress.getByName(literal)), literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.1",
      "172.15.255.255", "172.32.0.1", "192.0.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.1",
      "223.255.255.254", "::ffff:8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e",
      "64:ff9b::808:808", "2002:0808:0808::1"})
  void givenAPublicAddress_thenItIsAllowed(String literal) throws UnknownHostException {
    assertFalse(AddressPolicy.isForbidden(InetAddress.getByName(literal)), literal);
  }

  @Test
  void givenANameResolvingToAnyPrivateAddress_whenVetted_thenRefusedEvenIfAnotherIsPublic() {
    var policy = policy(Map.of("rebind.example", new String[] {"93.184.216.34", "127.0.0.1"}), List.of());
    var refused = assertThrows(AddressPolicy.Refused.class, () -> policy.vet("rebind.example"));
    assertTrue(refused.getMessage().contains("private"), refused.getMessage());
  }

  @Test
  void givenAPublicName_whenVetted_thenTheConnectionGoesToTheVettedAddress() throws Exception {
    var policy = policy(Map.of("hooks.example", new String[] {"93.184.216.34"}), List.of());
    assertEquals("93.184.216.34", policy.vet("hooks.example").getHostAddress());
  }

  @Test
  void givenAnAllowListedHost_whenVetted_thenLoopbackIsAccepted() throws Exception {
    var policy = policy(Map.of("127.0.0.1", new String[] {"127.0.0.1"}), List.of("127.0.0.1"));
    assertEquals("127.0.0.1", policy.vet("127.0.0.1").getHostAddress());
    assertThrows(AddressPolicy.Refused.class, () -> policy(
        Map.of("localhost", new String[] {"127.0.0.1"}), List.of("127.0.0.1")).vet("localhost"));
  }

  @Test
  void givenAnUnresolvableHost_whenVetted_thenRefused() {
    var policy = policy(Map.of(), List.of());
    assertThrows(AddressPolicy.Refused.class, () -> policy.vet("nowhere.invalid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://hooks.example/x", "ftp://hooks.example/x", "https://10.0.0.5/x",
      "https://127.0.0.1/x", "https://[::1]/x", "https://[::ffff:127.0.0.1]/x",
      "https://169.254.169.254/latest/meta-data", "https://[fd00:ec2::254]/", "https://0.0.0.0/",
      "https://internal.example/", "https://user:pw@hooks.example/", "/relative", "not a url",
      "https:///nohost", "https://hooks.example/#frag", "", "https://2130706433/x", "https://127.1/x",
      "https://017700000001/x", "https://0x7f.1/x", "https://0x7f000001/x"})
  void givenAnUnsafeUrl_thenItCannotBeRegistered(String url) {
    var urls = new WebhookUrls(policy(Map.of("hooks.example", new String[] {"93.184.216.34"},
        "internal.example", new String[] {"10.1.2.3"}), List.of("127.0.0.2")));
    assertTrue(urls.problem(url).isPresent(), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://hooks.example/x", "https://hooks.example:8443/in?a=1",
      "http://127.0.0.2:9000/dev", "https://unknown-yet.example/x"})
  void givenASafeUrl_thenItCanBeRegistered(String url) {
    var urls = new WebhookUrls(policy(Map.of("hooks.example", new String[] {"93.184.216.34"},
        "127.0.0.2", new String[] {"127.0.0.2"}), List.of("127.0.0.2")));
    assertEquals(java.util.Optional.empty(), urls.problem(url), url);
  }

  @Test
  void givenASignedBody_thenOnlyTheSameSecretBodyAndAFreshTimestampVerify() {
    String secret = WebhookSignature.newSecret();
    String body = "{\"eventId\":\"e1\"}";
    String header = WebhookSignature.header(secret, 1_000, body);
    assertTrue(header.matches("t=1000,v1=[0-9a-f]{64}"), header);
    assertTrue(WebhookSignature.verify(secret, header, body, 1_100, 300));
    assertFalse(WebhookSignature.verify(secret, header, body + " ", 1_100, 300), "body changed");
    assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), header, body, 1_100, 300), "other secret");
    assertFalse(WebhookSignature.verify(secret, header, body, 1_301, 300), "replayed too late");
    assertFalse(WebhookSignature.verify(secret, header.replace("t=1000", "t=1200"), body, 1_200, 300),
        "timestamp moved");
  }

  @Test
  void backoffGrowsExponentiallyWithJitterAndIsCapped() {
    var settings = new WebhookSettings(List.of(), 1, java.time.Duration.ofSeconds(1), 1, 1,
        java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5), 8, "", "");
    assertEquals(10_000, settings.backoff(1, 1.0).toMillis());
    assertEquals(5_000, settings.backoff(1, 0.0).toMillis());
    assertEquals(80_000, settings.backoff(4, 1.0).toMillis());
    assertEquals(300_000, settings.backoff(20, 1.0).toMillis());
  }

  /** Resolution from a table (no DNS), as a rebinding or internal name server would answer. */
  private static AddressPolicy policy(Map<String, String[]> names, List<String> allow) {
    return new AddressPolicy(allow, host -> {
      String[] literals = names.get(host);
      if (literals == null) {
        if (host.matches("[0-9.]+") || host.contains(":")) {
          return new InetAddress[] {InetAddress.getByName(host)}; // a literal, or the system's UnknownHost
        }
        throw new UnknownHostException(host);
      }
      InetAddress[] addresses = new InetAddress[literals.length];
      for (int i = 0; i < literals.length; i++) addresses[i] = InetAddress.getByName(literals[i]);
      return addresses;
    });
  }
}
