package dev.verdict.engine;

import dev.verdict.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An attestation file given on the command line ({@code --attestation}): a DSSE envelope or a Sigstore bundle. */
public record LocalAttestation(String name, byte[] content) {
  /** Attestation files above this size are refused: envelopes carry SBOMs, not images. */
  static final long MAX_BYTES = 32L << 20;

  public static LocalAttestation read(Path file) throws ConfigException {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(file, "attestation file is larger than " + MAX_BYTES + " bytes");
      }
      return new LocalAttestation(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read attestation file (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
