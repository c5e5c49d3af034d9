package dev.verdict.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds an SSL context trusting the system's CAs plus the certificates of one extra PEM file. */
final class TrustStores {
  static final long MAX_CA_FILE = 1L << 20;

  private TrustStores() {}

  static SSLContext withExtraCa(Path pemFile) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int n = 0;
      for (X509Certificate ca : systemTrustManager().getAcceptedIssuers()) {
        ks.setCertificateEntry("system-" + n++, ca);
      }
      Collection<? extends Certificate> extra;
      // bounded, and with a deadline when it is a FIFO: the CA file is read like every other file the user names
      try (InputStream in = new java.io.ByteArrayInputStream(dev.verdict.InputFiles.read(pemFile, MAX_CA_FILE))) {
        extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (extra.isEmpty()) {
        throw new IOException(pemFile + ": no certificate found");
      }
      for (Certificate c : extra) {
        ks.setCertificateEntry("extra-" + n++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException(pemFile + ": cannot use as CA file: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager in the system trust store");
  }
}
