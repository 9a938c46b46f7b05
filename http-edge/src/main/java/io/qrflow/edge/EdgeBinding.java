package io.qrflow.edge;

import io.qrflow.edge.redirect.ScanListener;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.apache.pekko.http.javadsl.ServerBinding;

/** Where a node's edge listens: the main pekko-http port, and the scan listener when enabled. */
public record EdgeBinding(ServerBinding main, Optional<ScanListener> scanListener) {

  public InetSocketAddress localAddress() {
    return main.localAddress();
  }

  public Optional<InetSocketAddress> scanAddress() {
    return scanListener.map(ScanListener::localAddress);
  }
}
