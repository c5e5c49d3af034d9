package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The model parts built in code ({@link CodeModel}) equal their annotated twins: every attribute picocli reads from
 * an {@code @Option}, and what parsing the same arguments leaves in the fields.
 */
class CodeModelTest {
  /** What picocli knows of an option, in one comparable line (a flag's parameter label is never shown). */
  static String describe(OptionSpec o) {
    return String.join(" ", o.names()) + " | " + (o.arity().max() == 0 ? "" : o.paramLabel()) + " | " + Arrays.toString(o.description())
        + " | " + o.descriptionKey() + " | " + o.type().getName() + " " + Arrays.toString(o.auxiliaryTypes())
        + " | arity " + o.arity() + " | required " + o.required() + " | hidden " + o.hidden() + " | negatable "
        + o.negatable() + " | initial " + o.initialValue() + " " + o.hasInitialValue() + " | default "
        + o.defaultValue() + " | split " + o.splitRegex() + " | help " + o.usageHelp() + o.versionHelp()
        + " | interactive " + o.interactive() + " | converters " + Arrays.stream(o.converters())
        .map(c -> c.getClass().getName()).collect(Collectors.toList());
  }

  static List<String> options(CommandSpec spec) {
    return spec.options().stream().map(CodeModelTest::describe).collect(Collectors.toList());
  }

  static <T> void assertTwins(T annotated, T coded, BiConsumer<T, CommandSpec> addTo) {
    CommandSpec code = CommandSpec.create();
    addTo.accept(coded, code);
    assertEquals(options(CommandSpec.forAnnotatedObject(annotated)), options(code));
  }

  @Test
  void mixins_builtInCode_equalTheirAnnotations() {
    assertTwins(new KeylessFlags(), new KeylessFlags(), KeylessFlags::addTo);
    assertTwins(new TrustOptions(), new TrustOptions(), TrustOptions::addTo);
    assertTwins(new TextJsonOutput(), new TextJsonOutput(), TextJsonOutput::addTo);
    assertTwins(new DebugOption(), new DebugOption(), DebugOption::addTo);
    assertTwins(new TimeoutOption(), new TimeoutOption(), TimeoutOption::addTo);
    assertTwins(new RegistryFlags(), new RegistryFlags(), RegistryFlags::addTo);
    assertTwins(new OutputOptions(), new OutputOptions(), OutputOptions::addTo);
  }

  @Command(mixinStandardHelpOptions = true)
  static final class WithStandardHelp {}

  @Test
  void standardHelp_equalsPicocliMixinStandardHelpOptions() {
    CommandSpec code = CommandSpec.create();
    CodeModel.standardHelp(code);
    assertEquals(options(CommandSpec.forAnnotatedObject(new WithStandardHelp())), options(code));
    assertNotNull(code.mixins().get("mixinStandardHelpOptions"));
  }

  /** Parses {@code args} into a command holding only {@code mixin}, annotated or built in code. */
  static <T> T parse(T mixin, BiConsumer<T, CommandSpec> addTo, boolean inCode, String... args) {
    CommandSpec spec = inCode ? CommandSpec.create() : CommandSpec.forAnnotatedObject(mixin);
    if (inCode) {
      addTo.accept(mixin, spec);
    }
    new CommandLine(spec).parseArgs(args);
    return mixin;
  }

  static <T> void assertSameParse(Function<T, Object> read, java.util.function.Supplier<T> make,
      BiConsumer<T, CommandSpec> addTo, String... args) {
    Object annotated = read.apply(parse(make.get(), addTo, false, args));
    Object coded = read.apply(parse(make.get(), addTo, true, args));
    assertEquals(annotated, coded);
  }

  @Test
  void mixins_builtInCode_parseAsTheirAnnotations() {
    assertSameParse(KeylessFlags::values, KeylessFlags::new, KeylessFlags::addTo,
        "--certificate-identity", "a@b.c", "--certificate-identity-regexp", "^x$", "--certificate-oidc-issuer",
        "https://i", "--certificate-oidc-issuer-regexp", "^i$", "--certificate-github-workflow-trigger", "push",
        "--certificate-github-workflow-sha", "abc", "--certificate-github-workflow-name", "n",
        "--certificate-github-workflow-repository", "o/r", "--certificate-github-workflow-ref", "refs/x",
        "--insecure-ignore-tlog", "--insecure-ignore-sct");
    assertSameParse(t -> List.of(String.valueOf(t.trustedRoot), t.requireFreshTrust), TrustOptions::new,
        TrustOptions::addTo, "--trusted-root", "tuf", "--require-fresh-trust");
    assertSameParse(t -> List.of(String.valueOf(t.trustedRoot), t.requireFreshTrust), TrustOptions::new,
        TrustOptions::addTo, "--trusted-root", "root.json");
    assertSameParse(t -> List.of(String.valueOf(t.output), t.formats, String.valueOf(t.outputFile)),
        TextJsonOutput::new, TextJsonOutput::addTo, "-o", "json", "--format", "text=a.txt", "--format",
        "json=b.json", "--output-file", "out");
    assertSameParse(t -> t.debug, DebugOption::new, DebugOption::addTo, "--debug");
    assertSameParse(t -> t.timeout, TimeoutOption::new, TimeoutOption::addTo, "--timeout", "2m");
    assertSameParse(t -> t.timeout, TimeoutOption::new, TimeoutOption::addTo);
    assertSameParse(t -> List.of(t.insecure, String.valueOf(t.registryCa)), RegistryFlags::new,
        RegistryFlags::addTo, "--insecure-registry", "a:5000", "--insecure-registry", "b", "--registry-ca", "ca.pem");
    assertSameParse(t -> List.of(String.valueOf(t.output), t.formats, String.valueOf(t.outputFile), t.verbose,
        t.quiet), OutputOptions::new, OutputOptions::addTo, "-o", "sarif", "--format", "junit=j.xml", "-v", "-q",
        "--output-file", "o");
  }

  @Test
  void verifyArtifact_help_isTheAnnotatedCommandsHelp() throws Exception {
    // captured from the annotated command before its model moved into code
    assertEquals(Files.readString(Path.of("testdata/golden/verify-artifact.help.txt"), StandardCharsets.UTF_8),
        help("verify-artifact"));
  }

  static String help(String command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CommandLine root = VerdictCommand.root();
    root.addSubcommand(command,
        VerdictCommand.commands(new PrintStream(new ByteArrayOutputStream())).get(command).get());
    CommandLine cl = root.getSubcommands().get(command);
    cl.setUsageHelpWidth(80);
    cl.usage(new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void verify_help_isTheAnnotatedCommandsHelp() throws Exception {
    // captured from the annotated command before its model moved into code
    assertEquals(Files.readString(Path.of("testdata/golden/verify.help.txt"), StandardCharsets.UTF_8),
        help("verify"));
  }

  @Test
  void verify_parsesEveryOptionIntoItsField() {
    CommandSpec spec = VerifyCommand.spec(new PrintStream(new ByteArrayOutputStream()), System.in);
    new CommandLine(spec).parseArgs("a/b:1", "oci:x", "--images-file", "-", "--manifests", "m.yaml", "-p", "p1",
        "--policy", "p2", "--key", "k1", "--key", "k2", "--certificate-identity", "i", "--attestation", "a.json",
        "--trusted-root", "tr.json", "--signed-identity", "exact", "--signed-identity-remap", "a=b", "--platform",
        "linux/arm64", "--fail-on", "never", "--parallel", "8", "--timeout", "5s", "--insecure-registry", "h:1",
        "--debug", "-o", "json", "-q");
    VerifyCommand c = (VerifyCommand) spec.userObject();
    assertEquals(List.of("a/b:1", "oci:x"), c.images);
    assertEquals(Path.of("-"), c.imagesFile);
    assertEquals(List.of(Path.of("m.yaml")), c.manifests);
    assertEquals(List.of(Path.of("p1"), Path.of("p2")), c.policies);
    assertEquals(List.of(Path.of("k1"), Path.of("k2")), c.keys);
    assertEquals("i", c.keyless.identity);
    assertEquals(List.of(Path.of("a.json")), c.attestationFiles);
    assertEquals(Path.of("tr.json"), c.trust.trustedRoot);
    assertEquals("exact", c.signedIdentity);
    assertEquals(List.of("a=b"), c.remaps);
    assertEquals("linux/arm64", c.platform);
    assertEquals("never", c.failOn);
    assertEquals(8, c.parallel);
    assertEquals("5s", c.timeout.timeout);
    assertEquals(List.of("h:1"), c.registry.insecure);
    assertEquals(true, c.debug.debug);
    assertEquals("json", c.output.output);
    assertEquals(true, c.output.quiet);
    // defaults stay as the fields had them
    VerifyCommand d = (VerifyCommand) VerifyCommand.spec(new PrintStream(new ByteArrayOutputStream()), System.in)
        .userObject();
    new CommandLine(d.spec).parseArgs("x");
    assertEquals(List.of("deny", 4, "60s"), List.of(d.failOn, d.parallel, d.timeout.timeout));
  }

  @Test
  void verifyArtifact_parsesEveryOptionIntoItsField() {
    CommandSpec spec = VerifyArtifactCommand.spec();
    new CommandLine(spec).parseArgs("sha256:" + "ab".repeat(32), "--bundle", "b.json", "--key", "k.pem",
        "--certificate-identity", "a@b.c", "--certificate-oidc-issuer", "https://i", "--trusted-root", "tuf",
        "--certificate-extension", "sourceRepositoryURI=https://github.com/a/b", "--certificate-extension",
        "x=y", "-o", "json", "--debug");
    VerifyArtifactCommand c = (VerifyArtifactCommand) spec.userObject();
    assertEquals("sha256:" + "ab".repeat(32), c.artifact);
    assertEquals(Path.of("b.json"), c.bundle);
    assertEquals(Path.of("k.pem"), c.key);
    assertEquals("a@b.c", c.keyless.identity);
    assertEquals("https://i", c.keyless.issuer);
    assertEquals(dev.verdict.engine.TrustStore.TUF, c.trust.trustedRoot);
    assertEquals(Map.of("sourceRepositoryURI", "https://github.com/a/b", "x", "y"), c.extensions);
    assertEquals("json", c.outputFlags.output);
    assertEquals(true, c.debug.debug);
  }
}
