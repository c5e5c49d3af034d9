package dev.verdict.attestation;

import dev.verdict.Json;
import dev.verdict.VerificationException;
import dev.verdict.sigstore.Pae;
import dev.verdict.sigstore.PublicKeyVerifier;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * DSSE envelopes and their pre-authentication encoding, per the
 * <a href="https://github.com/secure-systems-lab/dsse/blob/master/protocol.md">DSSE protocol</a> and
 * <a href="https://github.com/secure-systems-lab/dsse/blob/master/envelope.md">envelope</a> specs.
 *
 * <p>Key ids are unauthenticated hints (the spec says so), so verification ignores them: every signature is tried
 * against the verifier, and one that verifies suffices. A mismatching keyid therefore neither rejects nor helps.
 */
public final class Dsse {
  private Dsse() {}

  /** One signature of an envelope; {@code keyid} is null or empty when absent. */
  public record Signature(String keyid, byte[] sig) {}

  /** A parsed envelope: the payload is decoded bytes, exactly as signed. */
  public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
    public Envelope {
      signatures = List.copyOf(signatures);
    }

    /** The bytes signatures are computed over. */
    public byte[] pae() {
      return Pae.encode(payloadType, payload);
    }
  }

  /** Parses envelope JSON strictly; throws naming the field that is missing, mistyped or not base64. */
  public static Envelope parse(byte[] json) throws VerificationException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new VerificationException("DSSE envelope is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new VerificationException("DSSE envelope is not a JSON object");
    }
    String payloadType = string(root, "payloadType");
    if (payloadType.isEmpty()) {
      throw new VerificationException("DSSE envelope: payloadType is empty");
    }
    byte[] payload = base64(string(root, "payload"), "payload");
    JsonNode sigs = root.get("signatures");
    if (sigs == null || !sigs.isArray()) {
      throw new VerificationException("DSSE envelope: signatures must be an array");
    }
    if (sigs.isEmpty()) {
      throw new VerificationException("DSSE envelope: signatures is empty");
    }
    List<Signature> out = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      JsonNode s = sigs.get(i);
      String where = "signatures[" + i + "]";
      if (!s.isObject()) {
        throw new VerificationException("DSSE envelope: " + where + " is not an object");
      }
      JsonNode keyid = s.get("keyid");
      if (keyid != null && !keyid.isNull() && !keyid.isString()) {
        throw new VerificationException("DSSE envelope: " + where + ".keyid must be a string");
      }
      byte[] sig = base64(string(s, "sig", where + "."), where + ".sig");
      if (sig.length == 0) {
        throw new VerificationException("DSSE envelope: " + where + ".sig is empty");
      }
      out.add(new Signature(keyid == null || keyid.isNull() ? null : keyid.stringValue(), sig));
    }
    return new Envelope(payloadType, payload, out);
  }

  /** Verifies that at least one signature of {@code envelope} is {@code key}'s signature over the PAE. */
  public static void verify(Envelope envelope, PublicKeyVerifier key) throws VerificationException {
    verify(envelope, SignatureCheck.of(key));
  }

  /**
   * Verifies that at least one signature passes {@code check} over the PAE and returns that signer; throws with the
   * last signature's failure (and how many were tried) when none does.
   */
  public static EnvelopeSigner verify(Envelope envelope, SignatureCheck check) throws VerificationException {
    byte[] pae = envelope.pae();
    VerificationException last = null;
    for (Signature s : envelope.signatures()) {
      try {
        return check.verify(pae, s.sig());
      } catch (VerificationException e) {
        last = e;
      }
    }
    int n = envelope.signatures().size();
    String prefix = n == 1 ? "" : "none of " + n + " signatures verifies; last: ";
    throw new VerificationException(prefix + (last == null ? "no signature" : last.getMessage()), last);
  }

  private static String string(JsonNode obj, String field) throws VerificationException {
    return string(obj, field, "");
  }

  private static String string(JsonNode obj, String field, String where) throws VerificationException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      throw new VerificationException("DSSE envelope: " + where + field + " is missing");
    }
    if (!n.isString()) {
      throw new VerificationException("DSSE envelope: " + where + field + " must be a string");
    }
    return n.stringValue();
  }

  /** Standard or URL-safe alphabet, padded or not, as DSSE implementations accept. */
  static byte[] base64(String text, String field) throws VerificationException {
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw new VerificationException("DSSE envelope: " + field + " is not valid base64");
    }
  }
}
