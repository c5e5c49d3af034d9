package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.attestation.Envelopes;
import dev.verdict.testing.Cli;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Hostile inputs for every kind of file the command line reads (policies, policy tests, manifests, images files,
 * OCI layouts, keys, trusted roots, bundles, DSSE envelopes, SBOMs, VEX, vulnerability reports): each case is
 * generated in a temporary directory and must end with its documented exit code, never 0, no stack trace or
 * exception class name, and its error in the documented shape naming the file or field.
 */
class HostileInputTest {
  /** How a case reports its problem. */
  enum Shape {
    /** Exactly one stderr line, {@code verdict: ...}. */
    ONE_LINE,
    /** The problem is in the report on stdout (a denied or undecided image, a failed verification); stderr empty. */
    REPORT,
    /** {@code policy lint}: {@code FILE[:LINE[:COL]]: error: ...} lines on stdout; stderr empty. */
    LINT,
    /** {@code policy test}: such lines on stderr, then one {@code verdict: N error(s)...} line. */
    FINDINGS
  }

  record Case(String name, List<String> args, int exit, Shape shape, String names) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String KEY = "testdata/keys/cosign-test.pub";
  private static final String SB = "testdata/sigstore-bundles/";
  private static final String ART = SB + "sigstore-js/ts-fixtures/client-valid/artifact.bin";
  private static final String BUNDLE = SB + "sigstore-js/ts-fixtures/client-valid/v3.messageSignature.withSigningCert.json";
  private static final String ROOT = SB + "sigstore-js/ts-fixtures/client-trust/trustedRoot.json";
  private static final List<String> IDENTITY = List.of("--certificate-identity", "brian@dehamer.com",
      "--certificate-oidc-issuer", "https://github.com/login/oauth");
  private static final String SECP256K1 = """
      -----BEGIN PUBLIC KEY-----
      MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEUKX55fDAf8a4keio7F+PcytDpRoLYZIW
      Z8Xdz9ShXHzfAM1QX8tT69QFH9Xv0oquib+wVR77lHMBn4qK6kP9CQ==
      -----END PUBLIC KEY-----
      """;
  private static final Pattern FINDING = Pattern.compile("^\\S[^:]*(:\\d+(:\\d+)?)?: (error|warning): .+");
  private static final Pattern TRACE = Pattern.compile("\tat |Exception\\b|StackOverflow|OutOfMemory|internal error");

  private static Path dir;

  @AfterAll
  static void cleanUp() throws IOException {
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void run_hostileInput_documentedExitAndOneError(Case c) {
    Cli.Result r = Cli.run(c.args().toArray(String[]::new));
    String all = c.name() + "\n" + r;
    assertEquals(c.exit(), r.code(), all);
    assertFalse(TRACE.matcher(r.err()).find(), "stack trace or exception class on stderr\n" + all);
    assertFalse(TRACE.matcher(r.out()).find(), "stack trace or exception class on stdout\n" + all);
    List<String> err = r.err().lines().toList();
    switch (c.shape()) {
      case ONE_LINE -> {
        assertEquals(1, err.size(), "one stderr line\n" + all);
        assertTrue(err.get(0).startsWith("verdict: "), all);
        assertTrue(err.get(0).contains(c.names()), "names " + c.names() + "\n" + all);
      }
      case REPORT -> {
        assertEquals(List.of(), err, all);
        assertTrue(r.out().contains(c.names()), "report names " + c.names() + "\n" + all);
      }
      case LINT -> {
        assertEquals(List.of(), err, all);
        List<String> out = r.out().lines().toList();
        assertFalse(out.isEmpty(), all);
        out.forEach(l -> assertTrue(FINDING.matcher(l).matches(), "FILE:LINE:COL: error: ...\n" + all));
        assertTrue(r.out().contains(c.names()), "names " + c.names() + "\n" + all);
      }
      case FINDINGS -> {
        assertTrue(err.size() >= 2, all);
        err.subList(0, err.size() - 1).forEach(l -> assertTrue(FINDING.matcher(l).matches(), all));
        assertTrue(err.get(err.size() - 1).startsWith("verdict: "), all);
        assertTrue(r.err().contains(c.names()), "names " + c.names() + "\n" + all);
      }
    }
  }

  /** The net under the parsers: an Error out of a command is one line and exit 4, not a JVM trace and exit 1. */
  @Test
  void execute_stackOverflowInCommand_oneLineExit4() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Runnable overflow = () -> {
      throw new StackOverflowError();
    };
    @CommandLine.Command(name = "boom")
    class Boom implements Runnable {
      @Override
      public void run() {
        overflow.run();
      }
    }
    int code = VerdictCommand.execute(new CommandLine(new Boom()), new String[0],
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    assertEquals(4, code);
    assertEquals("verdict: input is nested too deeply to process; run with --debug for details\n",
        err.toString(StandardCharsets.UTF_8));
  }

  static Stream<Case> cases() throws IOException {
    dir = Files.createTempDirectory("hostile");
    List<Case> cases = new ArrayList<>();
    String hello = "oci:" + copyLayout("hello");
    String shop = "oci:" + copyLayout("shop-web");
    KeyPair signer = ClassicSigner.ecKey("secp256r1");
    Path signerKey = write("signer.pub", ClassicSigner.pem(signer));
    Path vulnPolicy = write("vuln.yaml", read("policies/vulnerability-budget.yaml")
        .replace("../testdata/keys/attest-test.pub", signerKey.toString())
        .replace("../testdata/policy/app.openvex.json", Path.of("testdata/policy/app.openvex.json").toAbsolutePath()
            .toString()));

    // generic variants of every file kind: content first, then what the file system can do
    String policy = read("policies/key-signed.yaml").replace("../testdata/keys/cosign-test.pub",
        Path.of(KEY).toAbsolutePath().toString());
    generic(cases, "policy", "p.yaml", policy, true, p -> args("verify", hello, "--policy", p), 3, Shape.ONE_LINE);
    generic(cases, "policy-lint", "p.yaml", policy, true, p -> args("policy", "lint", p), 3, Shape.LINT);
    generic(cases, "policy-test", "t.test.yaml", "apiVersion: verdict.dev/v1\nkind: PolicyTest\nmetadata: {name: t}\n"
        + "policies: [" + Path.of("policies/key-signed.yaml").toAbsolutePath() + "]\ncases:\n  - name: ok\n"
        + "    image: " + hello + "\n    expect: allow\n", true, p -> args("policy", "test", p), 3, Shape.FINDINGS);
    generic(cases, "manifests", "pod.yaml", read("testdata/manifests/valid/plain/pod.yaml"), true,
        p -> args("verify", "--manifests", p, "--key", KEY), 3, Shape.ONE_LINE);
    generic(cases, "images-file", "images.txt", hello + "\n", false,
        p -> args("verify", "--images-file", p, "--key", KEY), 3, Shape.ONE_LINE);
    generic(cases, "key", "k.pub", read(KEY), false, p -> args("verify", hello, "--key", p), 3, Shape.ONE_LINE);
    generic(cases, "artifact-key", "k.pub", read(KEY), false, p -> args("verify-artifact", "sha256:" + "0".repeat(64),
        "--bundle", SB + "sigstore-go/examples/bundle-publish.json", "--key", p, "--insecure-ignore-tlog"), 3,
        Shape.ONE_LINE);
    generic(cases, "trusted-root", "root.json", read(ROOT), false,
        p -> concat(args("verify-artifact", ART, "--bundle", BUNDLE, "--trusted-root", p), IDENTITY), 3,
        Shape.ONE_LINE);
    generic(cases, "sbom", "bom.json", read("testdata/sbom/shop-web.clean.cdx.json"), false,
        p -> args("sbom", "check", p, "--deny-license", "AGPL-3.0-only"), 3, Shape.ONE_LINE);
    generic(cases, "sbom-spdx", "bom.json", read("testdata/sbom/minimal-spdx-2.3.json"), false,
        p -> args("sbom", "check", p, "--deny-license", "AGPL-3.0-only"), 3, Shape.ONE_LINE);
    generic(cases, "vex", "v.json", read("testdata/policy/app.openvex.json"), false, p -> args("sbom", "check",
        "testdata/sbom/guac-cdx-vex-affected.json", "--max-severity", "critical", "--vex", p), 3, Shape.ONE_LINE);
    // evidence: a malformed bundle or envelope does not verify (a report), an unreadable file is exit 3
    generic(cases, "bundle", "b.json", read(BUNDLE), false,
        p -> concat(args("verify-artifact", ART, "--bundle", p, "--trusted-root", ROOT), IDENTITY), 1, Shape.REPORT);
    generic(cases, "attestation", "env.json", read("testdata/attestations/shop-web.vuln-low.dsse.json"), false,
        p -> args("verify", shop, "--policy", vulnPolicy.toString(), "--attestation", p), 1, Shape.REPORT);
    // an OCI layout's index.json: the layout is unusable, so the image is undecided
    generic(cases, "layout-index", "index.json", read("testdata/layouts/hello/index.json"), false,
        p -> args("inspect", "oci:" + layoutWith(p)), 4, Shape.ONE_LINE);

    // one case per defect fixed, each failing if its fix is reverted
    specific(cases, hello, shop, signer, vulnPolicy);
    return cases.stream();
  }

  /** Content variants and file-system variants of {@code base} for one command. */
  private static void generic(List<Case> cases, String kind, String name, String base, boolean yaml,
      Function<String, List<String>> command, int exit, Shape shape) throws IOException {
    boolean json = base.stripLeading().startsWith("{");
    List<String[]> content = new ArrayList<>(List.of(
        new String[] {"empty", ""},
        new String[] {"truncated", base.substring(0, base.length() / 2)},
        new String[] {"array", "[]\n"},
        new String[] {"number", "42\n"},
        new String[] {"deep-nesting", "[".repeat(100_000)},
        new String[] {"nul-bytes", base.substring(0, 10) + "\0\0" + base.substring(10)}));
    if (json) {
      content.add(new String[] {"duplicate-key", "{" + base.stripLeading().substring(1, base.indexOf(',') + 1)
          + base.stripLeading().substring(1)});
    }
    if (yaml) {
      content.add(new String[] {"yaml-bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
          + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
          + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
          + "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"});
    }
    if (kind.equals("images-file")) {
      content.removeIf(v -> v[0].equals("number")); // "42" is a valid reference (docker.io/library/42)
    }
    for (String[] v : content) {
      Path p = write(kind + "/" + v[0] + "/" + name, v[1]);
      cases.add(new Case(kind + "/" + v[0], command.apply(p.toString()), exitFor(kind, v[0], exit),
          shape, nameFor(kind, v[0], p)));
    }
    Path invalidUtf8 = dir.resolve(kind + "/invalid-utf8/" + name);
    Files.createDirectories(invalidUtf8.getParent());
    byte[] b = base.getBytes(StandardCharsets.UTF_8);
    byte[] bad = Arrays.copyOf(b, b.length + 2);
    int at = Math.max(base.indexOf('"') + 1, 0);
    System.arraycopy(b, at, bad, at + 2, b.length - at);
    bad[at] = (byte) 0xff;
    bad[at + 1] = (byte) 0xfe;
    Files.write(invalidUtf8, bad);
    cases.add(new Case(kind + "/invalid-utf8", command.apply(invalidUtf8.toString()),
        exitFor(kind, "invalid-utf8", exit), shape, nameFor(kind, "invalid-utf8", invalidUtf8)));

    // the file system: missing, a directory, a symlink loop, 200 MB (sparse) where a small file is expected
    Shape fsShape = shape == Shape.REPORT ? Shape.ONE_LINE : shape;
    int fsExit = shape == Shape.REPORT ? 3 : exit;
    Path missing = dir.resolve(kind + "/missing/" + name);
    cases.add(new Case(kind + "/missing", command.apply(missing.toString()), fsExit, fsShape,
        kind.equals("manifests") ? missing + ": no such manifest file" : kind.equals("layout-index")
            ? "index.json is missing" : "does not exist"));
    Path directory = Files.createDirectories(dir.resolve(kind + "/dir/" + name));
    cases.add(new Case(kind + "/directory", command.apply(directory.toString()), fsExitFor(kind, "dir", fsExit),
        fsShape, kind.equals("layout-index") ? "index.json: is a directory" : directory.toString()));
    Path loop = dir.resolve(kind + "/loop/" + name);
    Files.createDirectories(loop.getParent());
    Files.createSymbolicLink(loop, loop.resolveSibling("other"));
    Files.createSymbolicLink(loop.resolveSibling("other"), loop);
    cases.add(new Case(kind + "/symlink-loop", command.apply(loop.toString()), fsExitFor(kind, "loop", fsExit),
        fsShape, kind.equals("layout-index") ? "index.json: too many levels of symbolic links" : loop.toString()));
    Path big = write(kind + "/big/" + name, base.substring(0, base.length() / 2));
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(200L << 20);
    }
    cases.add(new Case(kind + "/200MB", command.apply(big.toString()), fsExitFor(kind, "big", fsExit), fsShape,
        kind.equals("policy-lint") || kind.equals("policy") || kind.equals("policy-test") ? "too large"
            : kind.equals("layout-index") || kind.equals("manifests") ? "" : "larger than"));
  }

  /** Exit codes where a kind documents something other than its usual one. */
  private static int exitFor(String kind, String variant, int usual) {
    if (kind.equals("manifests") && variant.equals("empty")) {
      return 2; // no images to verify: a usage error, as an empty image list on the command line
    }
    if (kind.equals("images-file") && variant.equals("empty")) {
      return 2;
    }
    return usual;
  }

  private static int fsExitFor(String kind, String variant, int usual) {
    if (kind.equals("manifests") && variant.equals("dir")) {
      return 2; // a directory of manifests with none in it
    }
    return usual;
  }

  /** What the error must name: the file for one-line errors, the problem for reports. */
  private static String nameFor(String kind, String variant, Path p) {
    if (kind.equals("bundle")) {
      return "Verification FAILED";
    }
    if (kind.equals("attestation")) {
      return "none usable";
    }
    if (kind.equals("manifests") && variant.equals("empty")) {
      return "no container images";
    }
    if (kind.equals("images-file") && variant.equals("empty")) {
      return "no images";
    }
    if (variant.equals("deep-nesting") && (kind.startsWith("policy") || kind.equals("manifests"))) {
      return "nested more than 200 levels deep";
    }
    return p.getFileName().toString();
  }

  private static void specific(List<Case> cases, String hello, String shop, KeyPair signer, Path vulnPolicy)
      throws IOException {
    // bounded reads: /dev/zero has size 0 and no end
    if (Files.exists(Path.of("/dev/zero"))) {
      cases.add(new Case("key/dev-zero", args("verify", hello, "--key", "/dev/zero"), 3, Shape.ONE_LINE,
          "/dev/zero: cannot read key file: is larger than 64 KiB"));
      cases.add(new Case("trusted-root/dev-zero", concat(args("verify-artifact", ART, "--bundle", BUNDLE,
          "--trusted-root", "/dev/zero"), IDENTITY), 3, Shape.ONE_LINE, "is larger than 16 MiB"));
    }
    // keys: checked when loaded, one loader, one block
    cases.add(new Case("key/secp256k1", args("verify", hello, "--key", write("k1.pub", SECP256K1).toString()), 3,
        Shape.ONE_LINE, "unsupported EC curve secp256k1 (256-bit)"));
    cases.add(new Case("key/two-blocks", args("verify", hello, "--key", write("two.pub", read(KEY)
        + ClassicSigner.pem(signer)).toString()), 3, Shape.ONE_LINE, "holds 2 PEM blocks"));
    cases.add(new Case("artifact-key/missing", args("verify-artifact", ART, "--bundle", BUNDLE, "--key",
        dir.resolve("none.pub").toString(), "--insecure-ignore-tlog"), 3, Shape.ONE_LINE, "does not exist"));
    cases.add(new Case("bundle/missing-is-exit-3", concat(args("verify-artifact", ART, "--bundle",
        dir.resolve("none.json").toString(), "--trusted-root", ROOT), IDENTITY), 3, Shape.ONE_LINE, "none.json"));
    // duplicate keys in a signed bundle: a parser differential, refused
    cases.add(new Case("bundle/duplicate-mediaType", concat(args("verify-artifact", ART, "--bundle",
        write("dup-bundle.json", "{\"mediaType\":\"x\"," + read(BUNDLE).stripLeading().substring(1)).toString(),
        "--trusted-root", ROOT), IDENTITY), 1, Shape.REPORT, "Duplicate"));
    cases.add(new Case("bundle/integratedTime-beyond-int64", concat(args("verify-artifact", ART, "--bundle",
        write("it.json", read(BUNDLE).replaceFirst("\"integratedTime\": *\"\\d+\"",
            "\"integratedTime\": \"99999999999999999999\"")).toString(), "--trusted-root", ROOT), IDENTITY), 1,
        Shape.REPORT, "integratedTime is not an integer"));
    // vulnerability reports: a wrongly typed list is malformed, never "no findings"; a future scan is not young
    String vuln = new String(java.util.Base64.getDecoder().decode(read(
        "testdata/attestations/shop-web.vuln-low.dsse.json").replaceAll("(?s).*\"payload\":\"([^\"]+)\".*", "$1")),
        StandardCharsets.UTF_8).replaceFirst("\"scanFinishedOn\":\"[^\"]+\"",
        "\"scanFinishedOn\":\"" + Instant.now() + "\"");
    cases.add(attestation("vuln-report/valid-signed-scan-allows", shop, vulnPolicy, signer, vuln, 0, "ALLOW"));
    cases.add(attestation("vuln-report/Results-is-a-string", shop, vulnPolicy, signer,
        vuln.replaceFirst("\"Results\":\\[.*\\]}}", "\"Results\":\"none\"}}"), 1, "Results: must be a list"));
    cases.add(attestation("vuln-report/Vulnerabilities-is-a-string", shop, vulnPolicy, signer,
        vuln.replaceFirst("\"Vulnerabilities\":\\[[^\\]]*\\]", "\"Vulnerabilities\":\"none\""), 1,
        "Vulnerabilities: must be a list"));
    cases.add(attestation("vuln-report/scan-in-year-9999", shop, vulnPolicy, signer,
        vuln.replaceFirst("\"scanFinishedOn\":\"[^\"]+\"", "\"scanFinishedOn\":\"9999-12-31T00:00:00Z\""), 1,
        "is in the future"));
    String cdx = read("testdata/sbom/shop-web.clean.cdx.json");
    cases.add(new Case("sbom/vulnerabilities-is-a-string", args("sbom", "check", write("v.cdx.json",
        "{\"vulnerabilities\":\"none\"," + cdx.stripLeading().substring(1)).toString(), "--max-severity", "low"), 3,
        Shape.ONE_LINE, "vulnerabilities: must be a list"));
    cases.add(new Case("sbom/created-in-the-future", args("sbom", "check", write("future.cdx.json",
        cdx.replaceFirst("\"timestamp\": *\"[^\"]+\"", "\"timestamp\":\"9999-01-01T00:00:00Z\"")).toString(),
        "--max-age", "30d"), 1, Shape.REPORT, "is in the future"));
    // SBOM parsers: null spdxVersion, NUL in tag-value, license nesting, invalid UTF-8 in VEX
    cases.add(new Case("sbom/spdxVersion-null", args("sbom", "check", write("nullv.spdx.json",
        read("testdata/sbom/minimal-spdx-2.3.json").replaceFirst("\"spdxVersion\"\\s*:\\s*\"[^\"]+\"",
            "\"spdxVersion\": null")).toString(), "--deny-license", "MIT"), 3, Shape.ONE_LINE, "spdxVersion"));
    cases.add(new Case("sbom/tag-value-nul-padded", args("sbom", "check", write("nul.spdx",
        "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\nPackageName: a\0\0\0\n").toString(), "--deny-license", "MIT"),
        3, Shape.ONE_LINE, "control character U+0000"));
    cases.add(new Case("sbom/license-nested-5000", args("sbom", "check", write("deep.spdx.json",
        read("testdata/sbom/minimal-spdx-2.3.json").replaceFirst("\"packages\" *: *\\[",
            "\"packages\": [{\"SPDXID\": \"SPDXRef-x\", \"name\": \"x\", \"licenseConcluded\": \""
                + "(".repeat(5000) + "MIT" + ")".repeat(5000) + "\"},")).toString(), "--deny-license", "MIT"), 3,
        Shape.ONE_LINE, "nested more than 64 deep"));
    // OCI layouts: descriptor size and media type, oci-layout, sizes beyond int64, schemaVersion
    String index = read("testdata/layouts/hello/index.json");
    cases.add(layout("layout/descriptor-size-smaller", index.replace("\"size\":401", "\"size\":10"),
        "its descriptor says 10"));
    cases.add(layout("layout/descriptor-mediaType-text", index.replaceFirst(
        "\"mediaType\":\"application/vnd.oci.image.manifest.v1\\+json\",\"digest\":\"sha256:3783",
        "\"mediaType\":\"text/plain\",\"digest\":\"sha256:3783"), "its descriptor says text/plain"));
    cases.add(layout("layout/descriptor-claims-index", index.replaceFirst(
        "\"mediaType\":\"application/vnd.oci.image.manifest.v1\\+json\",\"digest\":\"sha256:3783",
        "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:3783"),
        "its descriptor says application/vnd.oci.image.index.v1+json"));
    cases.add(layout("layout/schemaVersion-3", index.replace("\"schemaVersion\":2", "\"schemaVersion\":3"),
        "schemaVersion must be 2"));
    Path garbageLayout = layoutWith(write("idx.json", index));
    Files.writeString(garbageLayout.resolve("oci-layout"), "\0garbage");
    cases.add(new Case("layout/oci-layout-garbage", args("inspect", "oci:" + garbageLayout), 2, Shape.ONE_LINE,
        "imageLayoutVersion"));
    cases.add(new Case("layout/size-beyond-int64", args("inspect", "oci:" + layoutWith(write("big-size.json",
        index.replace("\"size\":401", "\"size\":1000000000000000000000000000000")))), 4, Shape.ONE_LINE,
        "size must be an integer"));
    // the image's own manifest is not an image manifest: denied (1) by verify and by inspect, never judged
    Path notJson = copyLayout("hello");
    byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
    String garbageHex = Digest.sha256(garbage).hex();
    Files.write(notJson.resolve("blobs/sha256/" + garbageHex), garbage);
    Files.writeString(notJson.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":"
        + "\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + garbageHex + "\",\"size\":"
        + garbage.length + "}]}");
    cases.add(new Case("layout/manifest-not-json-verify", args("verify", "oci:" + notJson, "--key", KEY), 1,
        Shape.REPORT, "image.resolve: not an image: sha256:" + garbageHex + ": malformed manifest"));
    cases.add(new Case("layout/manifest-not-json-inspect", args("inspect", "oci:" + notJson), 1, Shape.REPORT,
        "not an image: oci:" + notJson + ": sha256:" + garbageHex + ": malformed manifest"));
    // policies: what verify refuses, lint refuses; rule entries are checked when the policy loads
    Path pem = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Path pkiPolicy = write("pki.yaml", read("policies/key-signed.yaml").replace("key: {path: ../testdata/keys/"
        + "cosign-test.pub}", "certificate: {roots: " + pem + ", identities: [{subject: a@b.c}], tlog: optional}"));
    cases.add(new Case("policy-lint/certificate-roots-garbage", args("policy", "lint", pkiPolicy.toString()), 3,
        Shape.LINT, "certificate.roots"));
    Path rulePolicy = write("rules.yaml", read("policies/sbom-licenses.yaml")
        .replace("../testdata/keys/attest-test.pub", Path.of("testdata/keys/attest-test.pub").toAbsolutePath()
            .toString()).replace("\"pkg:npm/event-stream@3.3.6\"", "\"pkg:npm/x@>=<<1.0\"")
        .replace("SSPL-1.0", "AGPL 3.0"));
    cases.add(new Case("policy-lint/bad-package-rule", args("policy", "lint", rulePolicy.toString()), 3, Shape.LINT,
        "deniedPackages[1]: package rule 'pkg:npm/x@>=<<1.0'"));
    cases.add(new Case("policy-lint/bad-license-id", args("policy", "lint", rulePolicy.toString()), 3, Shape.LINT,
        "deniedLicenses[2]: license expression 'AGPL 3.0'"));
    cases.add(new Case("sbom/deny-license-not-an-id", args("sbom", "check", "testdata/sbom/shop-web.clean.cdx.json",
        "--deny-license", "AGPL 3.0"), 3, Shape.ONE_LINE, "license expression 'AGPL 3.0'"));
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "apiVersion: v1\nkind: Pod\nmetadata: {name: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));
    cases.add(new Case("manifests/latin-1", args("verify", "--manifests", latin1.toString(), "--key", KEY), 3,
        Shape.ONE_LINE, "latin1.yaml: not UTF-8 text"));
  }

  private static Case attestation(String name, String shop, Path policy, KeyPair signer, String statement, int exit,
      String names) throws IOException {
    Path env = write(name.replace('/', '-') + ".dsse.json", new String(Envelopes.signed(signer,
        "application/vnd.in-toto+json", statement.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    return new Case(name, args("verify", shop, "--policy", policy.toString(), "--attestation", env.toString()), exit,
        Shape.REPORT, names);
  }

  private static Case layout(String name, String indexJson, String names) throws IOException {
    Path layout = layoutWith(write(name.replace('/', '-') + ".index.json", indexJson));
    return new Case(name, args("verify", "oci:" + layout, "--key", KEY), 4, Shape.REPORT, names);
  }

  /** A copy of the hello layout whose index.json is {@code index} (a file, a directory, a link, or absent). */
  private static Path layoutWith(String index) {
    return layoutWith(Path.of(index));
  }

  private static Path layoutWith(Path index) {
    try {
      Path layout = copyLayout("hello");
      Path target = layout.resolve("index.json");
      Files.delete(target);
      if (Files.isSymbolicLink(index)) {
        Files.createSymbolicLink(target, target); // a loop of its own
      } else if (Files.isDirectory(index)) {
        Files.createDirectory(target);
      } else if (Files.exists(index)) {
        Files.createSymbolicLink(target, index.toAbsolutePath());
      }
      return layout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int copies;

  private static Path copyLayout(String name) throws IOException {
    Path to = dir.resolve("layouts/" + name + "-" + copies++);
    Path from = Path.of("testdata/layouts", name);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  private static Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> args(String... a) {
    return List.of(a);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
