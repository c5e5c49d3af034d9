package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How registries are reached (a mixin): {@code --insecure-registry} and {@code --registry-ca}. */
final class RegistryFlags {
  static final String INSECURE = "Allow plain HTTP to this registry (loopback registries always use HTTP).";
  static final String CA = "Extra CA certificates for registry TLS.";

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", description = INSECURE)
  List<String> insecure = new ArrayList<>();

  @Option(names = "--registry-ca", paramLabel = "PEM", description = CA)
  Path registryCa;

  /** These flags built in code, bound to this object ({@code verify}'s model: see {@link CodeModel}). */
  void addTo(CommandSpec spec) {
    spec.addOption(option(List.class, field(() -> insecure, v -> insecure = v), "HOST[:PORT]", INSECURE,
        "--insecure-registry").auxiliaryTypes(String.class).build());
    spec.addOption(option(Path.class, field(() -> registryCa, v -> registryCa = v), "PEM", CA, "--registry-ca")
        .build());
  }

  /** The registries reached over plain HTTP. */
  Set<String> insecure() {
    return new LinkedHashSet<>(insecure);
  }
}
