package dev.verdict.engine;

import dev.verdict.Json;
import dev.verdict.VerificationException;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.oci.Digest;
import dev.verdict.policy.Authority;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * k-of-n counts signers, not authorities: one signature, one key or one certificate identity counts once, however
 * many authorities accept it (the same key listed twice, once by path and once inline; two keyless authorities with
 * the same identity; the same signature found as a {@code .sig} layer and as a bundle, or in two layers). Each valid
 * signature is described by what makes its signer: the signature bytes, the public key that verified them, and, for
 * certificates, the identity (issuer and subject). Authorities are counted by the largest assignment of valid
 * signatures to authorities in which no two share any of these.
 */
final class DistinctSigners {
  /** Bounds the search; past it the greedy count stands, which can only count fewer signers (deny, never allow). */
  static final int MAX_STEPS = 100_000;

  private DistinctSigners() {}

  /** One valid signature for one authority: its evidence and what identifies its signer. */
  record Valid(Map<String, String> evidence, Set<String> signer) {}

  /** The signer of a classic layer that verified for {@code authority}. */
  static Set<String> of(SignatureLayer layer, Authority authority, Map<String, String> evidence)
      throws VerificationException {
    String certificate = layer.annotations().get(SignatureLayer.CERTIFICATE);
    byte[] leaf = certificate == null ? null : certificateKey(
        certificate.getBytes(StandardCharsets.UTF_8));
    return tokens(layer.signature(), authority, leaf, evidence);
  }

  /** The signer of a Sigstore bundle that verified for {@code authority}. */
  static Set<String> of(AttachedBundle bundle, Authority authority, Map<String, String> evidence)
      throws VerificationException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bundle.bundle());
    } catch (JacksonException e) {
      throw new VerificationException("bundle is not JSON");
    }
    String sig = root.path("messageSignature").path("signature").asString("");
    if (sig.isEmpty()) {
      sig = root.path("dsseEnvelope").path("signatures").path(0).path("sig").asString("");
    }
    JsonNode vm = root.path("verificationMaterial");
    String raw = vm.path("certificate").path("rawBytes").asString("");
    if (raw.isEmpty()) {
      raw = vm.path("x509CertificateChain").path("certificates").path(0).path("rawBytes").asString("");
    }
    try {
      byte[] leaf = raw.isEmpty() ? null : certificateKey(Base64.getDecoder().decode(raw));
      return tokens(sig.isEmpty() ? null : Base64.getDecoder().decode(sig), authority, leaf, evidence);
    } catch (IllegalArgumentException e) {
      throw new VerificationException("bundle's signature or certificate is not base64");
    }
  }

  private static Set<String> tokens(byte[] signature, Authority authority, byte[] certificateKey,
      Map<String, String> evidence) throws VerificationException {
    if (signature == null || signature.length == 0) {
      throw new VerificationException("the signature's bytes cannot be read, so its signer cannot be counted");
    }
    Set<String> out = new HashSet<>();
    out.add("signature " + Digest.sha256(signature).hex());
    if (authority instanceof Authority.Key key) {
      out.add("key " + key.key().fingerprint());
    } else {
      if (certificateKey == null) {
        throw new VerificationException("the signing certificate cannot be read, so its signer cannot be counted");
      }
      out.add("key " + Digest.sha256(certificateKey).hex());
      out.add("identity " + evidence.get("issuer") + " " + evidence.get("signer"));
    }
    return out;
  }

  private static byte[] certificateKey(byte[] certificate) throws VerificationException {
    try {
      return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate))
          .getPublicKey().getEncoded();
    } catch (CertificateException | RuntimeException e) {
      throw new VerificationException("the signing certificate cannot be read, so its signer cannot be counted");
    }
  }

  /**
   * The largest assignment of one valid signature to each of as many authorities as possible, no two sharing a
   * signature, key or identity; authorities in {@code names} order. Options that identify the same signer are tried
   * once.
   */
  static Map<String, Valid> assign(List<String> names, Map<String, List<Valid>> valid) {
    List<List<Valid>> options = new ArrayList<>();
    for (String n : names) {
      List<Valid> distinct = new ArrayList<>();
      Set<Set<String>> seen = new HashSet<>();
      for (Valid v : valid.getOrDefault(n, List.of())) {
        if (seen.add(v.signer())) {
          distinct.add(v);
        }
      }
      options.add(distinct);
    }
    Search s = new Search(names, options);
    s.greedy();
    s.run(0, new Valid[names.size()], 0, new HashSet<>());
    Map<String, Valid> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (s.best[i] != null) {
        out.put(names.get(i), s.best[i]);
      }
    }
    return out;
  }

  private static final class Search {
    final List<String> names;
    final List<List<Valid>> options;
    Valid[] best;
    int bestCount = -1;
    int steps;

    Search(List<String> names, List<List<Valid>> options) {
      this.names = names;
      this.options = options;
      this.best = new Valid[names.size()];
    }

    void greedy() {
      Set<String> used = new HashSet<>();
      Valid[] pick = new Valid[names.size()];
      int count = 0;
      for (int i = 0; i < names.size(); i++) {
        for (Valid v : options.get(i)) {
          if (disjoint(v.signer(), used)) {
            pick[i] = v;
            used.addAll(v.signer());
            count++;
            break;
          }
        }
      }
      best = pick;
      bestCount = count;
    }

    void run(int i, Valid[] current, int count, Set<String> used) {
      if (++steps > MAX_STEPS || count + (names.size() - i) <= bestCount) {
        return;
      }
      if (i == names.size()) {
        best = current.clone();
        bestCount = count;
        return;
      }
      for (Valid v : options.get(i)) {
        if (disjoint(v.signer(), used)) {
          current[i] = v;
          used.addAll(v.signer());
          run(i + 1, current, count + 1, used);
          used.removeAll(v.signer());
          current[i] = null;
        }
      }
      run(i + 1, current, count, used);
    }

    private static boolean disjoint(Set<String> a, Set<String> used) {
      for (String t : a) {
        if (used.contains(t)) {
          return false;
        }
      }
      return true;
    }
  }
}
