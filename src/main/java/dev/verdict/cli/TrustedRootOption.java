package dev.verdict.cli;

import dev.verdict.engine.TrustStore;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** {@code --trusted-root FILE|tuf}: a trusted_root.json, or {@code tuf} for the cache 'verdict trust update' fills. */
final class TrustedRootOption implements CommandLine.ITypeConverter<Path> {
  static final String DESCRIPTION = "Sigstore trusted_root.json, or 'tuf' for the trust root cached by 'verdict "
      + "trust update' (read offline; a file named tuf is ./tuf).";

  @Override
  public Path convert(String value) {
    return value.equals(TrustStore.NAME) ? TrustStore.TUF : Path.of(value);
  }

  /** Prints warnings (expired TUF metadata) to the command's error stream. */
  static void warn(CommandLine cl, List<String> warnings) {
    for (String w : warnings) {
      cl.getErr().println("verdict: warning: " + w);
    }
    cl.getErr().flush();
  }
}
