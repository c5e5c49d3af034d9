package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class PolicyLintCommandTest {
  private static final String POLICY = """
      apiVersion: verdict.dev/v1
      kind: ImagePolicy
      metadata: {name: p}
      spec:
        images: ["ghcr.io/acme/**"]
        authorities: [{name: k, key: {path: k.pub}}]
        signatures: {from: [k]}
      """;

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();

  /** Stands in for the lead's {@code policy} parent command, to prove lint works nested. */
  @Command(name = "policy", subcommands = PolicyLintCommand.class)
  static final class Parent {}

  @BeforeEach
  void key() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    Files.writeString(dir.resolve("k.pub"), "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
  }

  private int run(String... args) {
    CommandLine cl = new CommandLine(new Parent());
    cl.setOut(new PrintWriter(out, true));
    return cl.execute(args);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void call_cleanPolicy_printsNothingAndExitsZero() throws Exception {
    Path p = write("p.yaml", POLICY);

    assertEquals(0, run("lint", p.toString()));
    assertEquals("", out.toString());
  }

  @Test
  void call_errors_printsOneLinePerFindingAndExitsThree() throws Exception {
    Path p = write("p.yaml", POLICY.replace("images", "imagez").replace("from: [k]", "from: [q]"));

    assertEquals(3, run("lint", p.toString()));
    assertEquals(String.join(System.lineSeparator(),
        p + ":5:3: error: spec.imagez: unknown field (did you mean images?)",
        p + ":5:3: error: spec.images: is required (list image globs such as ghcr.io/acme/**)",
        p + ":6:24: warning: spec.authorities: authority 'k' is not used (list it in signatures.from or an "
            + "attestation's from, or remove it)",
        p + ":7:23: error: spec.signatures.from[0]: unknown authority 'q' (known: k)") + System.lineSeparator(),
        out.toString());
  }

  @Test
  void call_warningsOnly_exitsZeroUnlessStrict() throws Exception {
    Path p = write("p.yaml", POLICY + "  signedIdentity: any\n");
    String warning = p + ":8:19: warning: spec.signedIdentity: any accepts a signature made for any image, so one "
        + "signed image vouches for another (use repository, or remap for mirrors)" + System.lineSeparator();

    assertEquals(0, run("lint", p.toString()));
    assertEquals(warning, out.toString());
    out.getBuffer().setLength(0);
    assertEquals(3, run("lint", "--strict", p.toString()));
    assertEquals(warning, out.toString());
  }

  @Test
  void call_severalFilesAndDirectories_lintsAll() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("more"));
    Files.copy(dir.resolve("k.pub"), sub.resolve("k.pub"));
    Files.writeString(sub.resolve("a.yaml"), POLICY.replace("name: p", "name: a"));
    Files.writeString(sub.resolve("b.yaml"), POLICY.replace("name: p", "name: b").replace("enforce", "x")
        + "  mode: nope\n");
    Path p = write("p.yaml", POLICY);

    assertEquals(3, run("lint", p.toString(), sub.toString()));
    assertEquals(sub.resolve("b.yaml") + ":8:9: error: spec.mode: unknown value 'nope' (use enforce, warn, audit)"
        + System.lineSeparator(), out.toString());
  }

  @Test
  void call_missingPath_isErrorNotCrash() {
    Path missing = dir.resolve("none.yaml");

    assertEquals(3, run("lint", missing.toString()));
    assertTrue(out.toString().startsWith(missing + ": error: does not exist"), out.toString());
  }

  @Test
  void call_noArguments_isUsageError() {
    assertEquals(2, run("lint"));
  }
}
