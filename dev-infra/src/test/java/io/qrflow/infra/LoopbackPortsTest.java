package io.qrflow.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  private static final int PORTS = 200;

  @Test
  void givenManyRequests_whenPortsAreHandedOut_thenEachIsBindableDistinctAndOutsideTheEphemeralRange()
      throws IOException {
    int ephemeralStart = Integer.parseInt(
        Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
    Set<Integer> seen = new HashSet<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < PORTS; i++) {
        int port = LoopbackPorts.free();
        assertTrue(port < ephemeralStart, port + " is in the kernel's ephemeral range");
        assertTrue(seen.add(port), port + " handed out twice");
        var server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(LoopbackPorts.HOST), port));
        held.add(server);
      }
    } finally {
      for (ServerSocket server : held) server.close();
    }
    assertEquals(PORTS, seen.size());
  }

  @Test
  void givenOutgoingConnections_whenPortsAreHandedOut_thenNoneIsALocalPortOfAConnection() throws IOException {
    List<Socket> clients = new ArrayList<>();
    Set<Integer> localPorts = new HashSet<>();
    try (var server = new ServerSocket(0, PORTS, InetAddress.getByName(LoopbackPorts.HOST))) {
      for (int i = 0; i < PORTS; i++) {
        var client = new Socket(LoopbackPorts.HOST, server.getLocalPort());
        clients.add(client);
        localPorts.add(client.getLocalPort());
      }
      for (int i = 0; i < PORTS; i++) {
        int port = LoopbackPorts.free();
        assertTrue(!localPorts.contains(port), port + " is the local port of an open connection");
      }
    } finally {
      for (Socket client : clients) client.close();
    }
  }
}
