package io.qrflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on the loopback address, where the embedded servers listen. */
final class LoopbackPorts {

  static final String HOST = "127.0.0.1";

  private LoopbackPorts() {}

  /** A port free right now; another process may still take it before it is bound. */
  static int free() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
