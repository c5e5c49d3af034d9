package dev.verdict.serve;

import dev.verdict.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The serving certificate: a PEM chain and its private key (RSA or EC; PKCS#8, PKCS#1 or SEC1), in one
 * {@link SSLContext} whose key can be replaced while the server runs ({@link #reload}), so a rotated Secret takes
 * effect on the next handshake without dropping connections.
 */
final class ServerTls {
  private static final java.util.concurrent.atomic.AtomicLong GENERATION = new java.util.concurrent.atomic.AtomicLong();
  private final SwappableKeyManager keys = new SwappableKeyManager();
  private final SSLContext context;
  private volatile Instant notAfter;

  private ServerTls(Loaded first) throws GeneralSecurityException {
    keys.use(first.manager);
    notAfter = first.notAfter;
    context = SSLContext.getInstance("TLS");
    context.init(new javax.net.ssl.KeyManager[] {keys}, null, null);
  }

  /** @throws ConfigException a file is missing or unreadable, or the key does not belong to the certificate */
  public static ServerTls load(Path certFile, Path keyFile) throws ConfigException {
    try {
      return new ServerTls(read(certFile, keyFile));
    } catch (GeneralSecurityException e) {
      throw new ConfigException(certFile, "cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Replaces certificate and key; on any problem the old pair stays and the exception says why. */
  public void reload(Path certFile, Path keyFile) throws ConfigException {
    Loaded l = read(certFile, keyFile);
    keys.use(l.manager);
    notAfter = l.notAfter;
  }

  public SSLContext context() {
    return context;
  }

  /** When the serving certificate expires. */
  public Instant notAfter() {
    return notAfter;
  }

  private record Loaded(X509ExtendedKeyManager manager, Instant notAfter) {}

  private static Loaded read(Path certFile, Path keyFile) throws ConfigException {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    if (!matches(chain.get(0), key)) {
      throw new ConfigException(keyFile, "the private key does not belong to the first certificate of "
          + certFile);
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("serving-" + GENERATION.incrementAndGet(), key, none, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);
      X509ExtendedKeyManager m = (X509ExtendedKeyManager) Arrays.stream(kmf.getKeyManagers())
          .filter(k -> k instanceof X509ExtendedKeyManager).findFirst()
          .orElseThrow(() -> new GeneralSecurityException("no X.509 key manager"));
      return new Loaded(m, chain.get(0).getNotAfter().toInstant());
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(certFile, "cannot use the certificate and key: " + e.getMessage(), e);
    }
  }

  private static boolean matches(X509Certificate cert, PrivateKey key) {
    try {
      java.security.Signature s = java.security.Signature.getInstance(
          key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
      byte[] probe = "verdict serving key check".getBytes(StandardCharsets.UTF_8);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(cert.getPublicKey());
      s.update(probe);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> certificates(Path file) throws ConfigException {
    List<X509Certificate> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder h) {
          out.add(conv.getCertificate(h));
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new ConfigException(file, "cannot read the TLS certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new ConfigException(file, "no PEM CERTIFICATE in the TLS certificate file");
    }
    return out;
  }

  private static PrivateKey privateKey(Path file) throws ConfigException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return conv.getPrivateKey(info); // PKCS#8
        }
        if (o instanceof PEMKeyPair pair) {
          // PKCS#1 (RSA) or SEC1 (EC); SEC1's public key is optional, so only the private part is converted
          return conv.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo) {
          throw new ConfigException(file, "the TLS key is encrypted; give an unencrypted key (a Secret volume "
              + "protects it)");
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(file, "cannot read the TLS key: " + e.getMessage(), e);
    }
    throw new ConfigException(file, "no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) in the "
        + "TLS key file");
  }

  /**
   * Delegates to the current key manager; a reload swaps it for the next handshake. Every pair has its own alias,
   * and a handshake that chose an alias before a swap still gets that alias's chain and key (the previous pair is
   * kept until the next swap).
   */
  private static final class SwappableKeyManager extends X509ExtendedKeyManager {
    volatile X509ExtendedKeyManager delegate;
    private volatile X509ExtendedKeyManager previous;

    synchronized void use(X509ExtendedKeyManager next) {
      previous = delegate;
      delegate = next;
    }

    private X509ExtendedKeyManager owner(String alias) {
      X509ExtendedKeyManager d = delegate;
      if (d.getPrivateKey(alias) != null || previous == null) {
        return d;
      }
      return previous;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return delegate.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return owner(alias).getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return owner(alias).getPrivateKey(alias);
    }
  }
}
