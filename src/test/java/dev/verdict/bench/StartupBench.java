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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up benchmark (bench/startup.sh): wall time of whole processes, median of N runs after warm-up, for a JVM
 * hello world, {@code bin/verdict --version}, verify-artifact on a keyless bundle beside sigstore-js on the same
 * bundle, the same two through the release archive's launcher (jlinked runtime), a key-based verify of the bundled
 * layout and of an image in a real local registry. Every round runs each command once in turn. Prints a table and
 * the target ratios; asserts nothing.
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
      // the same keyless v0.3 message-signature bundle, offline, through verdict and through sigstore-js
      String b = "testdata/sigstore-bundles/";
      String artifact = b + "sigstore-python/test/assets/bundle_v3.txt";
      String bundle = artifact + ".sigstore";
      String root = b + "derived-trust-roots/STAGING-trusted_root.sigstore-python-store.json";
      List<String> artifactArgs = List.of("verify-artifact", artifact, "--bundle", bundle, "--trusted-root", root,
          "--certificate-identity", "william@yossarian.net",
          "--certificate-oidc-issuer", "https://github.com/login/oauth");
      Map<String, List<String>> commands = new LinkedHashMap<>();
      commands.put(HELLO, List.of("java", "-Xshare:auto", "-cp", tmp.toString(), "Hello"));
      commands.put(VERSION, List.of(verdict, "--version"));
      commands.put(ARTIFACT, concat(List.of(verdict), artifactArgs));
      if (Files.isDirectory(Path.of("bench/peers/node_modules/@sigstore/verify"))) {
        commands.put(PEER, List.of("node", "bench/peers/sigstore-js-verify.js", artifact, bundle, root,
            "william@yossarian.net", "https://github.com/login/oauth"));
      }
      // the release archive (jlinked runtime, its own launcher): the start-up targets of issue 12 are its features
      Path archive = Path.of("target/dist");
      if (Files.isDirectory(archive)) {
        try (var s = Files.list(archive)) {
          String launcher = s.findFirst().orElseThrow().resolve("bin/verdict").toString();
          commands.put(ARCHIVE_VERSION, List.of(launcher, "--version"));
          commands.put(ARCHIVE_ARTIFACT, concat(List.of(launcher), artifactArgs));
        }
      }
      commands.put("bin/verdict verify oci:testdata/layouts/hello --key",
          List.of(verdict, "verify", "oci:testdata/layouts/hello", "--key", "testdata/keys/cosign-test.pub"));
      commands.put("bin/verdict verify oci:testdata/layouts/hello --policy",
          List.of(verdict, "verify", "oci:testdata/layouts/hello", "--policy", "policies/key-signed.yaml"));
      commands.put("bin/verdict verify REGISTRY/bench/app:1.0 --key",
          List.of(verdict, "verify", registry.host() + "/bench/app:1.0", "--key", pub.toString()));
      Map<String, Long> medians = measure(commands, runs);
      System.out.println();
      ratio(medians, "--version / hello world", VERSION, HELLO, "2.5x");
      ratio(medians, "release archive --version / hello world", ARCHIVE_VERSION, HELLO, "2.5x");
      ratio(medians, "verify-artifact / sigstore-js", ARTIFACT, PEER, "2x");
      ratio(medians, "release archive verify-artifact / sigstore-js", ARCHIVE_ARTIFACT, PEER, "2x");
      if (!medians.containsKey(PEER)) {
        System.out.println("sigstore-js not installed: npm install --prefix bench/peers");
      }
    }
  }

  private static final String HELLO = "java Hello (JVM hello world)";
  private static final String VERSION = "bin/verdict --version";
  private static final String ARTIFACT = "bin/verdict verify-artifact (keyless v0.3 bundle)";
  private static final String PEER = "node sigstore-js-verify.js (@sigstore/verify, same bundle)";
  private static final String ARCHIVE_VERSION = "release archive bin/verdict --version";
  private static final String ARCHIVE_ARTIFACT = "release archive bin/verdict verify-artifact (same bundle)";

  /**
   * Runs every command 3 times to warm up, then {@code runs} rounds of all commands in turn, so that a change of
   * load on a shared machine weighs on every command alike and the ratios stay comparable; prints and returns the
   * medians.
   */
  static Map<String, Long> measure(Map<String, List<String>> commands, int runs) throws Exception {
    for (List<String> cmd : commands.values()) {
      for (int i = 0; i < 3; i++) {
        exec(cmd);
      }
    }
    Map<String, long[]> ms = new LinkedHashMap<>();
    commands.keySet().forEach(name -> ms.put(name, new long[runs]));
    for (int i = 0; i < runs; i++) {
      for (Map.Entry<String, List<String>> c : commands.entrySet()) {
        long t = System.nanoTime();
        exec(c.getValue());
        ms.get(c.getKey())[i] = (System.nanoTime() - t) / 1_000_000;
      }
    }
    System.out.printf("%-58s %10s %10s%n", "command (" + runs + " interleaved runs)", "median ms", "min ms");
    Map<String, Long> medians = new LinkedHashMap<>();
    ms.forEach((name, t) -> {
      Arrays.sort(t);
      System.out.printf("%-58s %10d %10d%n", name, t[runs / 2], t[0]);
      medians.put(name, t[runs / 2]);
    });
    return medians;
  }

  static void ratio(Map<String, Long> medians, String what, String of, String to, String target) {
    if (medians.containsKey(of) && medians.containsKey(to)) {
      System.out.printf("ratio of medians: %-48s = %.2fx (target <= %s)%n", what,
          (double) medians.get(of) / medians.get(to), target);
    }
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
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
