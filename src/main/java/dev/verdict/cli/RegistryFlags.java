package dev.verdict.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** How registries are reached (a mixin): {@code --insecure-registry} and {@code --registry-ca}. */
final class RegistryFlags {
  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP to this registry (loopback registries always use HTTP).")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--registry-ca", paramLabel = "PEM", description = "Extra CA certificates for registry TLS.")
  Path registryCa;

  /** The registries reached over plain HTTP. */
  Set<String> insecure() {
    return new LinkedHashSet<>(insecure);
  }
}
