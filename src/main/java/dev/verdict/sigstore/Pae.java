package dev.verdict.sigstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The DSSE pre-authentication encoding, the bytes every DSSE signature is computed over; the one implementation for
 * bundles, cosign attestation layers and local envelopes
 * (<a href="https://github.com/secure-systems-lab/dsse/blob/master/protocol.md">DSSE protocol</a>).
 */
public final class Pae {
  private static final byte[] PREFIX = "DSSEv1".getBytes(StandardCharsets.US_ASCII);

  private Pae() {}

  /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in ASCII decimal bytes. */
  public static byte[] encode(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(PREFIX);
    out.write(' ');
    out.writeBytes(Integer.toString(type.length).getBytes(StandardCharsets.US_ASCII));
    out.write(' ');
    out.writeBytes(type);
    out.write(' ');
    out.writeBytes(Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII));
    out.write(' ');
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
