package dev.verdict.sigstore;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed Sigstore bundle v0.1-v0.3 (https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto).
 * Parsing checks shape only; {@link BundleVerifier} checks meaning.
 *
 * @param minorVersion 1, 2 or 3
 * @param certificates the leaf first, then whatever chain the bundle carries; empty for key-signed bundles
 * @param keyHint the public key hint of a key-signed bundle, or null
 * @param messageDigestAlgorithm for message signatures, the declared digest algorithm (may be null)
 * @param payloadType for DSSE, the envelope's payload type
 */
record Bundle(String mediaType, int minorVersion, List<X509Certificate> certificates, String keyHint,
    List<RekorEntry> tlogEntries, List<byte[]> timestamps, String messageDigestAlgorithm, byte[] messageDigest,
    byte[] signature, byte[] payload, String payloadType, int dsseSignatureCount) {

  boolean dsse() {
    return payload != null;
  }

  static Bundle parse(byte[] json) {
    JsonNode root = Json.read(json);
    if (!root.isObject()) {
      throw new IllegalArgumentException("bundle is not a JSON object");
    }
    String mediaType = Json.text(root, "mediaType");
    int minor = minorVersion(mediaType);
    JsonNode vm = Json.obj(root, "verificationMaterial");
    if (vm == null) {
      throw new IllegalArgumentException("verificationMaterial is missing");
    }
    List<X509Certificate> certs = new ArrayList<>();
    JsonNode single = Json.obj(vm, "certificate");
    JsonNode chain = Json.obj(vm, "x509CertificateChain");
    JsonNode key = Json.obj(vm, "publicKey");
    if ((single != null ? 1 : 0) + (chain != null ? 1 : 0) + (key != null ? 1 : 0) != 1) {
      throw new IllegalArgumentException(
          "verificationMaterial needs exactly one of certificate, x509CertificateChain, publicKey");
    }
    if (single != null) {
      certs.add(Certificates.fromDer(Json.base64(Json.text(single, "rawBytes"))));
    } else if (chain != null) {
      for (JsonNode c : Json.array(chain, "certificates")) {
        certs.add(Certificates.fromDer(Json.base64(Json.text(c, "rawBytes"))));
      }
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("x509CertificateChain is empty");
      }
    }
    String hint = key == null ? null : Json.text(key, "hint");
    List<RekorEntry> entries = new ArrayList<>();
    for (JsonNode e : Json.array(vm, "tlogEntries")) {
      entries.add(entry(e));
    }
    List<byte[]> timestamps = new ArrayList<>();
    JsonNode tvd = Json.obj(vm, "timestampVerificationData");
    for (JsonNode t : Json.array(tvd, "rfc3161Timestamps")) {
      timestamps.add(required(Json.base64(Json.text(t, "signedTimestamp")), "signedTimestamp"));
    }
    JsonNode ms = Json.obj(root, "messageSignature");
    JsonNode env = Json.obj(root, "dsseEnvelope");
    if ((ms == null) == (env == null)) {
      throw new IllegalArgumentException("bundle needs exactly one of messageSignature and dsseEnvelope");
    }
    if (ms != null) {
      JsonNode md = Json.obj(ms, "messageDigest");
      return new Bundle(mediaType, minor, certs, hint, entries, timestamps,
          md == null ? null : Json.text(md, "algorithm"), md == null ? null : Json.base64(Json.text(md, "digest")),
          required(Json.base64(Json.text(ms, "signature")), "messageSignature.signature"), null, null, 0);
    }
    JsonNode sigs = Json.array(env, "signatures");
    byte[] sig = sigs.isEmpty() ? null : Json.base64(Json.text(sigs.get(0), "sig"));
    return new Bundle(mediaType, minor, certs, hint, entries, timestamps, null, null, sig,
        required(Json.base64(Json.text(env, "payload")), "dsseEnvelope.payload"),
        required(Json.text(env, "payloadType"), "dsseEnvelope.payloadType"), sigs.size());
  }

  private static <T> T required(T v, String field) {
    if (v == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return v;
  }

  /** Both spellings: {@code bundle+json;version=0.N} and {@code bundle.v0.3+json}. */
  static int minorVersion(String mediaType) {
    if (mediaType == null) {
      throw new IllegalArgumentException("mediaType is missing");
    }
    return switch (mediaType) {
      case "application/vnd.dev.sigstore.bundle+json;version=0.1" -> 1;
      case "application/vnd.dev.sigstore.bundle+json;version=0.2" -> 2;
      case "application/vnd.dev.sigstore.bundle+json;version=0.3",
          "application/vnd.dev.sigstore.bundle.v0.3+json" -> 3;
      default -> throw new IllegalArgumentException("unsupported bundle media type '" + mediaType + "'");
    };
  }

  private static RekorEntry entry(JsonNode e) {
    JsonNode kv = Json.obj(e, "kindVersion");
    JsonNode promise = Json.obj(e, "inclusionPromise");
    JsonNode proof = Json.obj(e, "inclusionProof");
    RekorEntry.InclusionProof p = null;
    if (proof != null) {
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode h : Json.array(proof, "hashes")) {
        if (!h.isString()) {
          throw new IllegalArgumentException("inclusionProof.hashes must be strings");
        }
        hashes.add(Json.base64(h.asString()));
      }
      JsonNode cp = Json.obj(proof, "checkpoint");
      p = new RekorEntry.InclusionProof(Json.int64(proof, "logIndex"),
          required(Json.base64(Json.text(proof, "rootHash")), "inclusionProof.rootHash"),
          Json.int64(proof, "treeSize"), hashes, cp == null ? null : Json.text(cp, "envelope"));
    }
    String it = Json.text(e, "integratedTime");
    return new RekorEntry(Json.int64(e, "logIndex"),
        required(Json.base64(Json.text(Json.obj(e, "logId"), "keyId")), "tlogEntries.logId.keyId"),
        kv == null ? null : Json.text(kv, "kind"), kv == null ? null : Json.text(kv, "version"),
        it == null ? 0 : Json.int64(e, "integratedTime"),
        promise == null ? null : Json.base64(Json.text(promise, "signedEntryTimestamp")), p,
        required(Json.base64(Json.text(e, "canonicalizedBody")), "tlogEntries.canonicalizedBody"));
  }
}
