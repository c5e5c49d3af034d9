package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.serve.DeciderLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags {@code serve} and {@code admission review} share: policies, trust, registries, mode. */
final class WebhookFlags {
  @Option(names = {"-p", "--policy"}, paramLabel = "FILE|DIR",
      description = "Policy files or directories (a mounted ConfigMap).")
  List<Path> policies = new ArrayList<>();

  @Mixin
  TrustOptions trust = new TrustOptions();

  @Option(names = "--mode", paramLabel = "enforce|warn",
      description = "enforce (default): denials deny; warn: every denial is an allow with a warning (rollouts).")
  String mode = "enforce";

  @Mixin
  RegistryFlags registry = new RegistryFlags();

  @Option(names = "--docker-config", paramLabel = "DIR",
      description = "Directory holding docker's config.json (registry logins; a mounted pull Secret).")
  Path dockerConfig;

  boolean warnOnly() throws UsageException {
    return switch (mode) {
      case "enforce" -> false;
      case "warn" -> true;
      default -> throw new UsageException("--mode must be enforce or warn, not '" + mode + "'");
    };
  }

  DeciderLoader loader() throws UsageException {
    if (policies.isEmpty()) {
      throw new UsageException("--policy FILE|DIR is required");
    }
    return new DeciderLoader(policies, trust.trustedRoot, trust.requireFreshTrust, registry.insecure(),
        registry.registryCa, dockerConfig);
  }
}
