package dev.verdict.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.cosign.ClassicSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verdict's container image: built from Debian packages and the release archive with Jib (no Docker daemon),
 * pushed to a real registry, copied out as an OCI layout (skopeo), unpacked (umoci) and run in a chroot as the
 * image's non-root user: it starts, and it verifies its own signature in the registry (the release verifies itself).
 */
class ContainerImageIT {
  @TempDir static Path tmp;
  static RegistryServer registry;
  static Path rootfs;
  static String repository;
  static Digest digest;
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");

  @BeforeAll
  static void buildAndUnpack() throws Exception {
    String archive = System.getProperty("verdict.dist.archive");
    Assumptions.assumeTrue(archive != null, "the dist profile is not active (bin/test activates it)");
    Path opt = Files.createDirectories(tmp.resolve("opt"));
    exec(List.of("tar", "-C", opt.toString(), "-xzf", archive));
    Path release;
    try (Stream<Path> s = Files.list(opt)) {
      release = s.findFirst().orElseThrow();
    }
    Path build = tmp.resolve("image");
    exec(List.of(Path.of("src/image/rootfs.sh").toAbsolutePath().toString(), release.toString(), build.toString()));

    registry = RegistryServer.start();
    repository = registry.host() + "/verdict/verdict";
    String pushed = ContainerImage.build(build.resolve("rootfs"), repository + ":test", true, tmp.resolve("jib"));
    digest = Digest.parse(pushed);

    Path layout = tmp.resolve("layout");
    exec(List.of("skopeo", "copy", "--quiet", "--src-tls-verify=false",
        "docker://" + repository + "@" + digest, "oci:" + layout + ":verdict"));
    Path bundle = tmp.resolve("bundle");
    exec(List.of("umoci", "unpack", "--image", layout + ":verdict", bundle.toString()));
    rootfs = bundle.resolve("rootfs");
    Files.writeString(rootfs.resolve("tmp/release.pub"), ClassicSigner.pem(KEY));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  /** Runs the image's entrypoint with {@code args} in a chroot of the unpacked image, as its user, with /proc. */
  static Run inImage(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--", "sh", "-c",
        "mount -t proc proc \"$0/proc\" && exec chroot --userspec=65532:65532 \"$0\" \"$@\"", rootfs.toString()));
    cmd.addAll(ContainerImage.ENTRYPOINT);
    cmd.addAll(List.of(args));
    return exec(cmd, true);
  }

  record Run(int code, String out) {}

  static Run exec(List<String> cmd) throws Exception {
    Run r = exec(cmd, false);
    assertEquals(0, r.code(), String.join(" ", cmd) + "\n" + r.out());
    return r;
  }

  static Run exec(List<String> cmd, boolean any) throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not finish in 300 s: " + cmd);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void image_startsAsNonRootAndPrintsItsVersion() throws Exception {
    Run r = inImage("--version");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().startsWith("verdict "), r.out());
  }

  @Test
  void image_verifiesItsOwnSignatureInTheRegistry() throws Exception {
    String ref = repository + "@" + digest;
    Run unsigned = inImage("verify", ref, "--key", "/tmp/release.pub");
    assertEquals(1, unsigned.code(), unsigned.out());

    new OciPusher(registry.host()).push("verdict/verdict", ClassicSigner.manifest(List.of(
        ClassicSigner.Layer.signed(KEY, ClassicSigner.payload(repository, digest)))), digest.tagPrefix() + ".sig");
    Run signed = inImage("verify", ref, "--key", "/tmp/release.pub");
    assertEquals(0, signed.code(), signed.out());
    assertTrue(signed.out().contains("signed by"), signed.out());
  }
}
