package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.discovery.Inspector;
import dev.verdict.discovery.Inventory;
import dev.verdict.engine.RoutingImageSource;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code verdict inspect IMAGE}: what is attached to an image. Verifies nothing, and says so. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List what is attached to an image (classic signatures, attestations, SBOMs, Sigstore bundles "
        + "and other referrers) with the signer identities they claim. Verifies nothing: use verify for that.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:image not found, or not an image", "2:usage error", "4:registry unreachable or auth failed"})
final class InspectCommand implements Callable<Integer> {
  static final String NOTICE = "Nothing above is verified: signer names are claims read from certificates; "
      + "use 'verdict verify' to check them.";

  @Parameters(paramLabel = "IMAGE", description = "registry/repo:tag, registry/repo@sha256:..., or oci:PATH")
  String image;

  @Mixin
  TextJsonOutput outputFlags = new TextJsonOutput();

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", description = "Allow plain HTTP to this host.")
  List<String> insecure = new java.util.ArrayList<>();

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  private final PrintStream out;

  InspectCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws VerdictException, java.io.IOException {
    List<OutputTargets.Target> targets = outputFlags.targets();
    Reference ref;
    try {
      ref = Reference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    RegistryOptions opts = new RegistryOptions(new HashSet<>(insecure), null, null,
        RegistryOptions.defaults().timeout(), RegistryOptions.defaults().maxRetries());
    Optional<Inventory> inv;
    try (RoutingImageSource source = new RoutingImageSource(opts)) {
      inv = Inspector.inspect(source, ref);
    } catch (dev.verdict.oci.Manifests.NotAnImageException e) {
      out.println("not an image: " + ref + ": " + e.getMessage());
      return 1;
    }
    if (inv.isEmpty()) {
      out.println("image not found: " + ref);
      return 1;
    }
    Inventory found = inv.get();
    java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
    OutputTargets.write(targets, w, (format, to, toStdout) -> to.write(format.equals("json") ? json(found)
        : text(found)), 0);
    out.flush();
    return 0;
  }

  static String text(Inventory inv) {
    StringBuilder sb = new StringBuilder();
    sb.append(inv.reference()).append('\n');
    sb.append("  digest:     ").append(inv.digest()).append('\n');
    sb.append("  media type: ").append(inv.mediaType()).append('\n');
    for (Descriptor p : inv.platforms()) {
      sb.append("  platform:   ").append(p.platform() == null ? "(none)" : p.platform()).append(' ')
          .append(p.digest()).append('\n');
    }
    if (inv.items().isEmpty()) {
      sb.append("  nothing attached (no .sig, .att or .sbom tag, no referrers)\n");
    }
    for (Inventory.Item item : inv.items()) {
      sb.append("  ").append(item.kind()).append(": ").append(item.source()).append('\n');
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(item.details()).entrySet()) {
        sb.append("      ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    return sb.append(NOTICE).append('\n').toString();
  }

  static String json(Inventory inv) {
    ObjectNode root = dev.verdict.Json.mapper().createObjectNode();
    root.put("apiVersion", "verdict.dev/inspect/v1");
    root.put("verified", false);
    root.put("notice", NOTICE);
    root.put("reference", inv.reference());
    root.put("digest", inv.digest().toString());
    root.put("mediaType", inv.mediaType());
    ArrayNode platforms = root.putArray("platforms");
    for (Descriptor p : inv.platforms()) {
      platforms.addObject().put("platform", p.platform() == null ? null : p.platform().toString())
          .put("digest", p.digest().toString());
    }
    ArrayNode items = root.putArray("attached");
    for (Inventory.Item item : inv.items()) {
      ObjectNode o = items.addObject().put("kind", item.kind()).put("source", item.source());
      ObjectNode d = o.putObject("details");
      new java.util.TreeMap<>(item.details()).forEach(d::put);
    }
    return dev.verdict.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }
}
