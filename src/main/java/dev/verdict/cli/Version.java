package dev.verdict.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;

/** Version from the jar manifest (set by Maven), "dev" when run from classes; build details for {@code version}. */
public final class Version implements CommandLine.IVersionProvider {
  /** What this build can verify and read; every entry is compiled in, none is a plug-in. */
  static final List<String> FEATURES = List.of("cosign-signatures", "sigstore-bundles-v0.1-v0.3", "keyless",
      "rekor", "rfc3161-timestamps", "in-toto-attestations", "slsa-provenance", "cel-conditions",
      "sbom-cyclonedx", "sbom-spdx-2", "sbom-spdx-3", "openvex", "oci-layouts", "oci-referrers",
      "docker-credential-helpers", "podman-auth-json", "registry-identity-tokens", "kubernetes-manifests");

  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The git commit the build was made from ({@code -dirty} with uncommitted changes), or "unknown". */
  static String commit() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("commit", "unknown");
  }

  /** Every build detail, one {@code name: value} per line. */
  static List<String> details() {
    List<String> out = new ArrayList<>();
    out.add("verdict " + get());
    out.add("commit:   " + commit());
    out.add("java:     " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
        + System.getProperty("java.vm.name") + ")");
    out.add("os:       " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    out.add("features: " + String.join(", ", FEATURES));
    return out;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"verdict " + get()};
  }
}
