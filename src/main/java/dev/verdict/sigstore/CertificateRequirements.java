package dev.verdict.sigstore;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A certificate signer: chained to a Fulcio CA of {@code trustedRoot} (keyless) or, when {@code roots} is not empty,
 * to those private-PKI roots through {@code intermediates}; its SAN and OIDC issuer matching one of
 * {@code identities}; its Fulcio claims equal to {@code extensions} (keys are names such as
 * {@code sourceRepositoryURI} or OIDs {@code 1.3.6.1.4.1.57264.1.12}).
 */
public record CertificateRequirements(TrustedRoot trustedRoot, List<X509Certificate> roots,
    List<X509Certificate> intermediates, List<Identity> identities, Map<String, String> extensions,
    boolean tlogRequired, boolean sctRequired) implements SignerRequirements {
  /** Certificate bundles are kilobytes; the cap only stops a wrong file from being read whole. */
  private static final long MAX_PEM_BYTES = 1L << 20;

  public CertificateRequirements {
    roots = roots == null ? List.of() : List.copyOf(roots);
    intermediates = intermediates == null ? List.of() : List.copyOf(intermediates);
    identities = identities == null ? List.of() : List.copyOf(identities);
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    if (identities.isEmpty()) {
      throw new IllegalArgumentException("at least one identity is required");
    }
    if (roots.isEmpty()) {
      if (trustedRoot == null) {
        throw new IllegalArgumentException("keyless verification needs a trusted root (or private PKI roots)");
      }
      for (Identity id : identities) {
        if (id.issuer() == null || id.subject() == null) {
          throw new IllegalArgumentException("keyless identity needs an issuer and a subject: " + id);
        }
      }
    } else {
      for (Identity id : identities) {
        if (id.subject() == null) {
          throw new IllegalArgumentException("certificate identity needs a subject: " + id);
        }
      }
    }
    if ((tlogRequired || sctRequired) && trustedRoot == null) {
      throw new IllegalArgumentException("a trusted root is needed when the log or an SCT is required");
    }
  }

  /** Keyless (Fulcio) requirements with the secure defaults: log and SCT required. */
  public static CertificateRequirements keyless(TrustedRoot root, List<Identity> identities,
      Map<String, String> extensions) {
    return new CertificateRequirements(root, List.of(), List.of(), identities, extensions, true, true);
  }

  /** Whether trust is anchored in private roots rather than the trusted root's Fulcio CAs. */
  public boolean privatePki() {
    return !roots.isEmpty();
  }

  /** Reads every certificate of a PEM file (roots or intermediates); a bad file is a ConfigException. */
  public static List<X509Certificate> loadPem(Path file) throws ConfigException {
    String pem;
    try {
      pem = StandardCharsets.US_ASCII.newDecoder().decode(ByteBuffer.wrap(InputFiles.read(file, MAX_PEM_BYTES)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, "not a PEM file (it is not ASCII text)", e);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read certificates: " + InputFiles.reason(e), e);
    }
    try {
      return Certificates.fromPem(pem);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file, e.getMessage());
    }
  }
}
