package io.qrflow.projections.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates made in the test (BouncyCastle, no keytool): one for 127.0.0.1 and one
 * for another host, and a trust store holding both, so a refused connection can only be the
 * host-name check.
 */
public final class TestTls {

  public static final String PASSWORD = "changeit";
  private static TestTls shared;

  public final Path trustStore;
  public final SSLContext loopback;
  public final SSLContext wrongHost;

  private TestTls(Path trustStore, SSLContext loopback, SSLContext wrongHost) {
    this.trustStore = trustStore;
    this.loopback = loopback;
    this.wrongHost = wrongHost;
  }

  public static synchronized TestTls get() {
    if (shared != null) return shared;
    try {
      var loopback = selfSigned(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
      var wrong = selfSigned(new GeneralName(GeneralName.dNSName, "receiver.example.org"));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("loopback", loopback.certificate());
      trust.setCertificateEntry("wrong-host", wrong.certificate());
      Path file = Files.createTempFile("qrflow-trust", ".p12");
      try (OutputStream out = Files.newOutputStream(file)) {
        trust.store(out, PASSWORD.toCharArray());
      }
      shared = new TestTls(file, serverContext(loopback), serverContext(wrong));
      return shared;
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("could not make test certificates", e);
    }
  }

  private record Identity(KeyPair keys, X509Certificate certificate) {}

  private static Identity selfSigned(GeneralName subjectAltName)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=qrflow test receiver");
    Instant now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltName));
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    return new Identity(keys, new JcaX509CertificateConverter().getCertificate(builder.build(signer)));
  }

  private static SSLContext serverContext(Identity identity) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", identity.keys().getPrivate(), PASSWORD.toCharArray(),
        new X509Certificate[] {identity.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
