package dev.verdict.discovery;

import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import java.util.Map;

/**
 * One layer of a classic cosign signature manifest: the payload blob and the layer's annotations (signature,
 * certificate, chain, Rekor bundle). Nothing here is verified yet.
 *
 * @param source where it was found, e.g. {@code sha256-<hex>.sig} or {@code sha256-<hex>.sig@sha256:... layer 2}
 * @param signature the decoded signature, or null when the annotation is missing or not base64 ({@code problem} says)
 */
public record SignatureLayer(String source, int index, Digest manifestDigest, Descriptor layer, byte[] payload,
    byte[] signature, Map<String, String> annotations, String problem) {
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";
  public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
  public static final String CHAIN = "dev.sigstore.cosign/chain";
  public static final String BUNDLE = "dev.sigstore.cosign/bundle";
  public static final String TIMESTAMP = "dev.sigstore.cosign/rfc3161timestamp";

  public SignatureLayer {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public boolean hasCertificate() {
    return annotations.containsKey(CERTIFICATE);
  }

  public String label() {
    return "signature " + (index + 1) + " (layer " + layer.digest().hex().substring(0, 12) + ")";
  }
}
