package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import java.io.IOException;
import java.nio.file.Path;

/** An attestation file given on the command line ({@code --attestation}): a DSSE envelope or a Sigstore bundle. */
record LocalAttestation(String name, byte[] content) {
  /** Attestation files above this size are refused: envelopes carry SBOMs, not images. */
  static final long MAX_BYTES = 32L << 20;

  public static LocalAttestation read(Path file) throws ConfigException {
    try {
      return new LocalAttestation(file.toString(), InputFiles.read(file, MAX_BYTES));
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read attestation file: " + InputFiles.reason(e), e);
    }
  }
}
