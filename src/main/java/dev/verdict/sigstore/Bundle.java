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
      certs.add(Certificates.fromDer(bytes(single, "rawBytes", "verificationMaterial.certificate.rawBytes")));
    } else if (chain != null) {
      JsonNode list = Json.array(chain, "certificates");
      for (int i = 0; i < list.size(); i++) {
        certs.add(Certificates.fromDer(bytes(list.get(i), "rawBytes",
            "verificationMaterial.x509CertificateChain.certificates[" + i + "].rawBytes")));
      }
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("x509CertificateChain is empty");
      }
    }
    String hint = key == null ? null : Json.text(key, "hint");
    List<RekorEntry> entries = new ArrayList<>();
    JsonNode tlog = Json.array(vm, "tlogEntries");
    for (int i = 0; i < tlog.size(); i++) {
      entries.add(entry(tlog.get(i), "verificationMaterial.tlogEntries[" + i + "]"));
    }
    List<byte[]> timestamps = new ArrayList<>();
    JsonNode tvd = Json.obj(vm, "timestampVerificationData");
    JsonNode stamps = Json.array(tvd, "rfc3161Timestamps");
    for (int i = 0; i < stamps.size(); i++) {
      timestamps.add(bytes(stamps.get(i), "signedTimestamp",
          "verificationMaterial.timestampVerificationData.rfc3161Timestamps[" + i + "].signedTimestamp"));
    }
    JsonNode ms = Json.obj(root, "messageSignature");
    JsonNode env = Json.obj(root, "dsseEnvelope");
    if ((ms == null) == (env == null)) {
      throw new IllegalArgumentException("bundle needs exactly one of messageSignature and dsseEnvelope");
    }
    if (ms != null) {
      JsonNode md = Json.obj(ms, "messageDigest");
      // proto3: a messageDigest that is present has a digest, empty when omitted (and then it matches nothing)
      return new Bundle(mediaType, minor, certs, hint, entries, timestamps,
          md == null ? null : Json.text(md, "algorithm"),
          md == null ? null : optional(md, "digest", "messageSignature.messageDigest.digest"),
          bytes(ms, "signature", "messageSignature.signature"), null, null, 0);
    }
    JsonNode sigs = Json.array(env, "signatures");
    byte[] sig = sigs.isEmpty() ? null : optional(sigs.get(0), "sig", "dsseEnvelope.signatures[0].sig");
    return new Bundle(mediaType, minor, certs, hint, entries, timestamps, null, null, sig,
        optional(env, "payload", "dsseEnvelope.payload"),
        required(Json.text(env, "payloadType"), "dsseEnvelope.payloadType"), sigs.size());
  }

  /** A required base64 field; errors name its path in the bundle. */
  private static byte[] bytes(JsonNode parent, String field, String path) {
    String v = Json.text(parent, field);
    if (v == null) {
      throw new IllegalArgumentException(path + " is missing");
    }
    try {
      return Json.base64(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + " is not valid base64");
    }
  }

  /** A proto3 bytes field (absent means empty); errors name its path in the bundle. */
  private static byte[] optional(JsonNode parent, String field, String path) {
    return Json.text(parent, field) == null ? new byte[0] : bytes(parent, field, path);
  }

  /** A proto3 int64 that counts (an index, a size, seconds since the epoch): never negative. */
  private static long count(JsonNode parent, String field, String path) {
    long v = Json.protoInt64(parent, field);
    if (v < 0) {
      throw new IllegalArgumentException(path + " is negative: " + v);
    }
    return v;
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

  private static RekorEntry entry(JsonNode e, String at) {
    JsonNode kv = Json.obj(e, "kindVersion");
    JsonNode promise = Json.obj(e, "inclusionPromise");
    JsonNode proof = Json.obj(e, "inclusionProof");
    RekorEntry.InclusionProof p = null;
    if (proof != null) {
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode h : Json.array(proof, "hashes")) {
        if (!h.isString()) {
          throw new IllegalArgumentException("inclusionProof.hashes must be base64 strings");
        }
        try {
          hashes.add(Json.base64(h.asString()));
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(at + ".inclusionProof.hashes is not valid base64");
        }
      }
      JsonNode cp = Json.obj(proof, "checkpoint");
      // proto3 JSON omits zero values: no logIndex is index 0 (the first entry of a log or shard), no treeSize is
      // 0 (which no proof satisfies); the Merkle check, not the parser, decides.
      p = new RekorEntry.InclusionProof(count(proof, "logIndex", at + ".inclusionProof.logIndex"),
          bytes(proof, "rootHash", at + ".inclusionProof.rootHash"),
          count(proof, "treeSize", at + ".inclusionProof.treeSize"), hashes,
          cp == null ? null : Json.text(cp, "envelope"));
    }
    return new RekorEntry(count(e, "logIndex", at + ".logIndex"),
        bytes(Json.obj(e, "logId"), "keyId", at + ".logId.keyId"),
        kv == null ? null : Json.text(kv, "kind"), kv == null ? null : Json.text(kv, "version"),
        count(e, "integratedTime", at + ".integratedTime"),
        // a promise that is present is evidence: an omitted SET is an empty one, which does not verify
        promise == null ? null
            : optional(promise, "signedEntryTimestamp", at + ".inclusionPromise.signedEntryTimestamp"), p,
        bytes(e, "canonicalizedBody", at + ".canonicalizedBody"));
  }
}
