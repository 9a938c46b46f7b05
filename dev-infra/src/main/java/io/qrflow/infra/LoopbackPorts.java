package io.qrflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports on the loopback address, for servers whose port must be known before they start
 * (the embedded servers, and nodes that tests start as processes).
 *
 * <p>A port is taken from below the kernel's ephemeral range: the kernel hands those ports to
 * every outgoing connection and every bind to port 0, so a port chosen there can be taken by a
 * client socket before its server binds it. Below that range only another explicit choice can
 * collide; each JVM starts at a random place and never hands out the same port twice.
 */
public final class LoopbackPorts {

  public static final String HOST = "127.0.0.1";

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int DEFAULT_EPHEMERAL_START = 32768; // Linux's default
  private static final int LOWEST = 16384;

  private static final int END = ephemeralStart();
  private static final AtomicInteger next =
      new AtomicInteger(END > LOWEST ? ThreadLocalRandom.current().nextInt(LOWEST, END) : 0);

  private LoopbackPorts() {}

  /** A port free right now and not handed out before by this JVM. */
  public static int free() {
    if (END <= LOWEST) return anyFree();
    int span = END - LOWEST;
    for (int tried = 0; tried < span; tried++) {
      int port = LOWEST + Math.floorMod(next.getAndIncrement() - LOWEST, span);
      if (bindable(port)) return port;
    }
    return anyFree();
  }

  private static boolean bindable(int port) {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int anyFree() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int ephemeralStart() {
    try {
      // readString would trust the size procfs reports, and read one byte
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException notLinux) {
      return DEFAULT_EPHEMERAL_START;
    }
  }
}
