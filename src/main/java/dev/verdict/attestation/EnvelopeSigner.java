package dev.verdict.attestation;

import java.util.Map;

/**
 * Who signed a verified envelope, as CEL conditions see it ({@code signer.identity}, {@code signer.issuer},
 * {@code signer.extensions}).
 *
 * @param method {@code key}, {@code keyless} or {@code certificate}
 * @param identity a key description, or the certificate's SAN (email, URI)
 * @param issuer the OIDC issuer of a Fulcio certificate; null for keys and private PKI
 * @param extensions Fulcio certificate claims by name (e.g. {@code sourceRepositoryURI}); empty when none
 */
public record EnvelopeSigner(String method, String identity, String issuer, Map<String, String> extensions) {
  public EnvelopeSigner {
    if (method == null || identity == null) {
      throw new IllegalArgumentException("signer needs a method and an identity");
    }
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }
}
