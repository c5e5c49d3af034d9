package dev.verdict.bench;

import dev.verdict.oci.Digest;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up benchmark (bench/startup.sh): wall time of whole processes, median of N runs after warm-up, for a JVM
 * hello world, {@code bin/verdict --version}, verify-artifact on a keyless bundle beside sigstore-js on the same
 * bundle, the same two through the release archive's launcher (jlinked runtime), a key-based verify of the bundled
 * layout and of an image in a real local registry. Prints a table and the target ratios; asserts nothing.
 */
public final class StartupBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path tmp = Files.createTempDirectory("verdict-bench");
    Path hello = tmp.resolve("Hello.java");
    Files.writeString(hello, "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }");
    exec(List.of("javac", "-d", tmp.toString(), hello.toString()));
    try (RegistryServer registry = RegistryServer.start()) {
      OciPusher push = new OciPusher(registry.host());
      KeyPair key = ClassicSigner.ecKey("secp256r1");
      Digest d = push.push("bench/app", TestImages.randomImage(false), "1.0");
      push.push("bench/app", ClassicSigner.manifest(List.of(ClassicSigner.Layer.signed(key,
          ClassicSigner.payload(registry.host() + "/bench/app", d)))), d.tagPrefix() + ".sig");
      Path pub = Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(key));
      String verdict = Path.of("bin/verdict").toAbsolutePath().toString();
      System.out.printf("%-58s %10s %10s%n", "command (" + runs + " runs)", "median ms", "min ms");
      long helloMs = report("java Hello (JVM hello world)",
          List.of("java", "-Xshare:auto", "-cp", tmp.toString(), "Hello"), runs);
      long versionMs = report("bin/verdict --version", List.of(verdict, "--version"), runs);
      // the same keyless v0.3 message-signature bundle, offline, through verdict and through sigstore-js
      String b = "testdata/sigstore-bundles/";
      String artifact = b + "sigstore-python/test/assets/bundle_v3.txt";
      String bundle = artifact + ".sigstore";
      String root = b + "derived-trust-roots/STAGING-trusted_root.sigstore-python-store.json";
      long artifactMs = report("bin/verdict verify-artifact (keyless v0.3 bundle)", List.of(verdict,
          "verify-artifact", artifact, "--bundle", bundle, "--trusted-root", root,
          "--certificate-identity", "william@yossarian.net",
          "--certificate-oidc-issuer", "https://github.com/login/oauth"), runs);
      long peerMs = -1;
      Path peer = Path.of("bench/peers/sigstore-js-verify.js");
      if (Files.isDirectory(Path.of("bench/peers/node_modules/@sigstore/verify"))) {
        peerMs = report("node sigstore-js-verify.js (@sigstore/verify, same bundle)", List.of("node",
            peer.toString(), artifact, bundle, root, "william@yossarian.net", "https://github.com/login/oauth"),
            runs);
      }
      // the release archive (jlinked runtime, its own launcher): the start-up targets of issue 12 are its features
      long archiveVersionMs = -1;
      long archiveArtifactMs = -1;
      Path archive = Path.of("target/dist");
      if (Files.isDirectory(archive)) {
        try (var s = Files.list(archive)) {
          String launcher = s.findFirst().orElseThrow().resolve("bin/verdict").toString();
          archiveVersionMs = report("release archive bin/verdict --version", List.of(launcher, "--version"), runs);
          archiveArtifactMs = report("release archive bin/verdict verify-artifact (same bundle)", List.of(launcher,
              "verify-artifact", artifact, "--bundle", bundle, "--trusted-root", root,
              "--certificate-identity", "william@yossarian.net",
              "--certificate-oidc-issuer", "https://github.com/login/oauth"), runs);
        }
      }
      report("bin/verdict verify oci:testdata/layouts/hello --key",
          List.of(verdict, "verify", "oci:testdata/layouts/hello", "--key", "testdata/keys/cosign-test.pub"), runs);
      report("bin/verdict verify oci:testdata/layouts/hello --policy",
          List.of(verdict, "verify", "oci:testdata/layouts/hello", "--policy", "policies/key-signed.yaml"), runs);
      report("bin/verdict verify REGISTRY/bench/app:1.0 --key",
          List.of(verdict, "verify", registry.host() + "/bench/app:1.0", "--key", pub.toString()), runs);
      System.out.printf("%nratios of medians: --version / hello world = %.2fx (target <= 2.5x)%n",
          (double) versionMs / helloMs);
      if (archiveVersionMs > 0) {
        System.out.printf("                   release archive --version / hello world = %.2fx (target <= 2.5x)%n",
            (double) archiveVersionMs / helloMs);
      }
      if (peerMs > 0) {
        System.out.printf("                   verify-artifact / sigstore-js = %.2fx (target <= 2x)%n",
            (double) artifactMs / peerMs);
        if (archiveArtifactMs > 0) {
          System.out.printf("                   release archive verify-artifact / sigstore-js = %.2fx (target <= 2x)%n",
              (double) archiveArtifactMs / peerMs);
        }
      } else {
        System.out.println("                   sigstore-js not installed: npm install --prefix bench/peers");
      }
    }
  }

  static long report(String name, List<String> cmd, int runs) throws Exception {
    for (int i = 0; i < 3; i++) {
      exec(cmd);
    }
    long[] ms = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      exec(cmd);
      ms[i] = (System.nanoTime() - t) / 1_000_000;
    }
    Arrays.sort(ms);
    System.out.printf("%-58s %10d %10d%n", name, ms[runs / 2], ms[0]);
    return ms[runs / 2];
  }

  static void exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int code = p.waitFor();
    if (code != 0) {
      throw new IllegalStateException(cmd + " exited " + code);
    }
  }
}
