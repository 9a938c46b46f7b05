package io.qrflow.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server (GreenMail) inside this JVM on 127.0.0.1, for dev mode and tests. It accepts
 * every recipient and keeps what it received in memory until it stops.
 */
public final class EmbeddedSmtpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtpServer.class);
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final GreenMail greenMail;
  private final int port;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private EmbeddedSmtpServer(GreenMail greenMail, int port) {
    this.greenMail = greenMail;
    this.port = port;
  }

  /** @param port a fixed port, or 0 for any free one */
  public static EmbeddedSmtpServer start(int port) {
    int chosen = port > 0 ? port : LoopbackPorts.free();
    ServerSetup setup = new ServerSetup(chosen, LoopbackPorts.HOST, ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(START_TIMEOUT_MILLIS);
    GreenMail greenMail = new GreenMail(setup);
    greenMail.start();
    log.info("embedded SMTP server started on {}:{}", LoopbackPorts.HOST, chosen);
    return new EmbeddedSmtpServer(greenMail, chosen);
  }

  public String host() {
    return LoopbackPorts.HOST;
  }

  public int port() {
    return port;
  }

  /** Every message received so far, oldest first. */
  public List<MimeMessage> received() {
    return List.of(greenMail.getReceivedMessages());
  }

  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      greenMail.stop();
      log.info("embedded SMTP server on port {} stopped", port);
    }
  }
}
