package io.qrflow.projections.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SSRF defence for webhook targets: which addresses a delivery may connect to. A host is resolved
 * when a delivery is sent and every address it resolves to must be public; the connection then goes
 * to the vetted address (no second lookup a rebinding DNS server could answer differently). Hosts
 * on the configured allow-list (development and tests only) skip the check.
 */
public final class AddressPolicy {

  /** The target may not be reached: the reason is safe to show its owner. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    public Refused(String reason) {
      super(reason);
    }
  }

  /** Name resolution, replaceable in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Cloud metadata services outside the ranges below (Azure's wire server). */
  private static final Set<String> METADATA = Set.of("168.63.129.16");

  private final Set<String> allowHosts;
  private final Resolver resolver;

  public AddressPolicy(List<String> allowHosts, Resolver resolver) {
    this.allowHosts = allowHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.resolver = resolver;
  }

  public static AddressPolicy system(List<String> allowHosts) {
    return new AddressPolicy(allowHosts, InetAddress::getAllByName);
  }

  public boolean isAllowListed(String host) {
    return allowHosts.contains(bare(host).toLowerCase(Locale.ROOT));
  }

  /** The address to connect to for {@code host}, or why none may be used. */
  public InetAddress vet(String host) throws Refused {
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare(host));
    } catch (UnknownHostException e) {
      throw new Refused("host " + host + " does not resolve");
    }
    if (addresses.length == 0) throw new Refused("host " + host + " does not resolve");
    if (isAllowListed(host)) return addresses[0];
    for (InetAddress address : addresses) {
      if (isForbidden(address)) {
        throw new Refused("host " + host + " resolves to a private, loopback, link-local,"
            + " multicast or metadata address");
      }
    }
    return addresses[0];
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** True for every address that is not a public unicast address of the internet. */
  public static boolean isForbidden(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) return isForbiddenV4(b);
    if (address instanceof Inet6Address) return isForbiddenV6(b);
    return true;
  }

  private static boolean isForbiddenV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    try {
      if (METADATA.contains(InetAddress.getByAddress(b).getHostAddress())) return true;
    } catch (UnknownHostException impossible) {
      return true;
    }
    return a0 == 0                                  // "this network", unspecified
        || a0 == 10                                 // private
        || a0 == 100 && (a1 & 0xc0) == 64           // 100.64/10 carrier-grade NAT (also Alibaba metadata)
        || a0 == 127                                // loopback
        || a0 == 169 && a1 == 254                   // link-local, cloud metadata 169.254.169.254
        || a0 == 172 && (a1 & 0xf0) == 16           // private
        || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) // IETF assignments, TEST-NET-1
        || a0 == 192 && a1 == 88 && a2 == 99        // 6to4 relay anycast
        || a0 == 192 && a1 == 168                   // private
        || a0 == 198 && (a1 == 18 || a1 == 19)      // benchmarking
        || a0 == 198 && a1 == 51 && a2 == 100       // TEST-NET-2
        || a0 == 203 && a1 == 0 && a2 == 113        // TEST-NET-3
        || a0 >= 224;                               // multicast, reserved, broadcast
  }

  private static boolean isForbiddenV6(byte[] b) {
    if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return isForbiddenV4(Arrays.copyOfRange(b, 12, 16)); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (isZero(b, 0, 12)) return true;                   // ::, ::1, IPv4-compatible ::a.b.c.d
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return isZero(b, 4, 12) ? isForbiddenV4(Arrays.copyOfRange(b, 12, 16)) : true; // NAT64
    }
    if (b0 == 0x20 && b1 == 0x02) return isForbiddenV4(Arrays.copyOfRange(b, 2, 6)); // 6to4
    if (b0 == 0x20 && b1 == 0x01) {
      int b2 = b[2] & 0xff;
      int b3 = b[3] & 0xff;
      if (b2 == 0 && b3 == 0) return true;                 // Teredo: hides an IPv4 peer
      if (b2 == 0x0d && b3 == 0xb8) return true;           // documentation 2001:db8::/32
      if (b2 < 0x02) return true;                          // 2001::/23 IETF protocol assignments
    }
    if (b0 == 0x01 && b1 == 0x00 && isZero(b, 2, 8)) return true; // discard-only 100::/64
    return (b0 & 0xfe) == 0xfc                            // unique local fc00::/7 (AWS fd00:ec2::254)
        || b0 == 0xfe && (b1 & 0xc0) == 0x80              // link-local fe80::/10
        || b0 == 0xfe && (b1 & 0xc0) == 0xc0              // site-local fec0::/10 (deprecated)
        || b0 == 0xff                                     // multicast
        || (b0 & 0xe0) != 0x20;                           // outside global unicast 2000::/3
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] != 0) return false;
    return true;
  }
}
