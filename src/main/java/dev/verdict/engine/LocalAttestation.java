package dev.verdict.engine;

/** An attestation file given on the command line ({@code --attestation}): a DSSE envelope or a Sigstore bundle. */
public record LocalAttestation(String name, byte[] content) {}
