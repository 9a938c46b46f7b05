package io.qrflow.projections.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * Which certificates webhook receivers may present: the JDK's default trust, or only when
 * {@code qrflow.webhooks.trust-store.path} is set, the CAs of that PKCS12/JKS store (a private CA,
 * tests). Either way the receiver's certificate must name the URL's host: pekko-http's client
 * context verifies the host name against the name in the URL, not the vetted address.
 */
final class WebhookTrust {

  private WebhookTrust() {}

  static HttpsConnectionContext httpsContext(ActorSystem<?> system, WebhookSettings settings) {
    if (settings.trustStorePath().isEmpty()) return Http.get(system).defaultClientHttpsContext();
    Path path = Path.of(settings.trustStorePath());
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, settings.trustStorePassword().toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return ConnectionContext.httpsClient(context);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("qrflow.webhooks.trust-store.path " + path
          + " is not a readable key store with that password: " + e.getClass().getSimpleName());
    }
  }
}
