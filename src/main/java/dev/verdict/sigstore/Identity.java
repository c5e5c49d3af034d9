package dev.verdict.sigstore;

/** A certificate identity to accept: OIDC issuer and subject (SAN), each exact or by regexp. */
public record Identity(StringMatch issuer, StringMatch subject) {
  @Override
  public String toString() {
    return "subject " + subject + ", issuer " + issuer;
  }
}
