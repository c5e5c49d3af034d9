package dev.verdict.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive ({@code mvn -Pdist package}; {@code bin/test} builds it) unpacked outside the checkout runs on
 * its own Java runtime with no JDK on {@code PATH}, from another directory and through a symlink.
 */
class ReleaseArchiveIT {
  @TempDir static Path tmp;
  static Path link;
  static Path home;
  static Path tools;
  static Path cache;

  @BeforeAll
  static void unpack() throws Exception {
    String archive = System.getProperty("verdict.dist.archive");
    Assumptions.assumeTrue(archive != null, "the dist profile is not active (bin/test activates it)");
    Path tarball = Path.of(archive);
    assertTrue(Files.isRegularFile(tarball), "the dist profile did not write " + tarball);
    Path opt = Files.createDirectories(tmp.resolve("opt"));
    Process tar = new ProcessBuilder("tar", "-C", opt.toString(), "-xzf", tarball.toString()).inheritIO().start();
    assertEquals(0, tar.waitFor(), "tar -x");
    try (Stream<Path> s = Files.list(opt)) {
      home = s.findFirst().orElseThrow();
    }
    // PATH holds the link to the launcher and the few POSIX tools a launcher needs, never a java.
    tools = Files.createDirectories(tmp.resolve("tools"));
    for (String t : List.of("bash", "env", "dirname", "readlink", "mkdir", "mv", "rm")) {
      Path real = Stream.of("/usr/bin/" + t, "/bin/" + t).map(Path::of).filter(Files::isExecutable)
          .findFirst().orElseThrow(() -> new IllegalStateException("no " + t + " on this machine"));
      Files.createSymbolicLink(tools.resolve(t), real);
    }
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    link = Files.createSymbolicLink(bin.resolve("verdict"), home.resolve("bin/verdict"));
    cache = tmp.resolve("cache");
  }

  static Cli.Result run(String... args) throws IOException, InterruptedException {
    return runWith(List.of(), args);
  }

  static Cli.Result runWith(List<String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-i",
        "PATH=" + link.getParent() + ":" + tools, "HOME=" + tmp, "VERDICT_CACHE_DIR=" + cache));
    cmd.addAll(env);
    cmd.add("verdict");
    cmd.addAll(List.of(args));
    Path work = Files.createDirectories(tmp.resolve("elsewhere"));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).directory(work.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the archived verdict did not finish in 120 s");
    }
    return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static String abs(String path) {
    return Path.of(path).toAbsolutePath().toString();
  }

  @Test
  void verify_throughSymlinkWithoutJdkOnPath_allowsSignedAndDeniesUnsigned() throws Exception {
    assertNotEquals(0, new ProcessBuilder("/usr/bin/env", "-i", "PATH=" + link.getParent() + ":" + tools,
        "bash", "-c", "command -v java").start().waitFor(), "a java is on the test PATH");

    Cli.Result allow = run("verify", "oci:" + abs("testdata/layouts/hello"),
        "--policy", abs("policies/key-signed.yaml"));
    assertEquals(0, allow.code(), allow.err());
    assertTrue(allow.out().contains("ALLOW oci:"), allow.out());
    // the class-data archive came with the release: a first run dumps nothing
    assertFalse(Files.exists(cache), "the first run wrote a class-data archive into " + cache);

    Cli.Result deny = run("verify", "oci:" + abs("testdata/layouts/hello-unsigned"),
        "--policy", abs("policies/key-signed.yaml"));
    assertEquals(1, deny.code(), deny.out() + deny.err());
    assertTrue(deny.out().matches("(?s)DENY\\s+oci:.*"), deny.out());
  }

  @Test
  void archive_carriesManPagesAndACompletionScriptOfTheRealCommands() throws Exception {
    Path man = home.resolve("share/man/man1");
    for (String page : List.of("verdict.1", "verdict-verify.1", "verdict-sbom-check.1", "verdict-trust-update.1")) {
      String roff = Files.readString(man.resolve(page), StandardCharsets.UTF_8);
      assertTrue(roff.contains(".TH "), page + " is not a roff man page");
    }
    assertTrue(Files.readString(man.resolve("verdict-verify.1")).contains("certificate\\-oidc\\-issuer"),
        "verify's man page lacks its flags");
    Path completion = home.resolve("share/bash-completion/completions/verdict");
    // the function bash calls for `verdict <TAB>`, as `complete -p verdict` names it
    String complete = "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _complete_verdict 2>/dev/null; "
        + "echo \"${COMPREPLY[*]}\"; ";
    Process p = new ProcessBuilder("bash", "-c", "source \"$0\"; complete -p verdict >/dev/null || exit 9; "
        + "COMP_WORDS=(verdict ver); COMP_CWORD=1; " + complete
        + "COMP_WORDS=(verdict verify --certificate-oidc); COMP_CWORD=2; " + complete, completion.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals("verify verify-artifact version\n"
        + "--certificate-oidc-issuer --certificate-oidc-issuer-regexp\n", out);
  }

  @Test
  void classDataArchive_dumpedAtPackaging_isValidWhereTheArchiveWasUnpacked() throws Exception {
    // the JVM checks the archive against this run's runtime and class path and says whether it would map it
    Cli.Result r = runWith(List.of("JAVA_TOOL_OPTIONS=-XX:+PrintSharedArchiveAndExit"), "--version");
    String out = r.out() + r.err();
    assertTrue(out.contains("Static archive name: " + home.resolve("lib/verdict.jsa")), out);
    assertTrue(out.contains("archive is valid"), out);
    // and it holds verdict's own classes, not only the JDK's
    assertTrue(out.contains("dev.verdict.cli.Main"), "verdict's classes are not in the archive");
    assertFalse(Files.exists(cache), "a class-data archive was written into " + cache);
  }

  @Test
  void copyThatDidNotKeepTimes_fallsBackToAnArchiveOfItsOwn() throws Exception {
    // cp -r gives every file a new time: the JVM would silently refuse the shipped archive (the jar's time is in it)
    // and every run would load every class from the jar
    Path copy = tmp.resolve("copied");
    try (Stream<Path> s = Files.walk(home)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path to = copy.resolve(home.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
          to.toFile().setExecutable(Files.isExecutable(p));
        }
      }
    }
    Path jar = copy.resolve("lib/verdict.jar");
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(copy.resolve("lib/verdict.jsa")).toMillis() + 5_000));
    Path ownCache = tmp.resolve("copy-cache");
    List<String> env = List.of("/usr/bin/env", "-i", "PATH=" + tools, "HOME=" + tmp, "VERDICT_CACHE_DIR=" + ownCache);
    List<String> first = new ArrayList<>(env);
    first.addAll(List.of(copy.resolve("bin/verdict").toString(), "--version"));
    Process run = new ProcessBuilder(first).redirectErrorStream(true).start();
    String version = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(120, TimeUnit.SECONDS) && run.exitValue() == 0, version);
    Path own;
    try (Stream<Path> s = Files.list(ownCache.resolve("cds"))) {
      own = s.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElse(null);
    }
    assertNotNull(own, "no archive of its own in " + ownCache);
    List<String> check = new ArrayList<>(env);
    check.addAll(List.of("JAVA_TOOL_OPTIONS=-XX:+PrintSharedArchiveAndExit", copy.resolve("bin/verdict").toString(),
        "--version"));
    Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    assertTrue(out.contains("Static archive name: " + own) || out.contains("Dynamic archive name: " + own), out);
    assertTrue(out.contains("archive is valid"), out);
  }

  @Test
  void version_printsTheBuiltVersion() throws Exception {
    Cli.Result r = run("--version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("verdict "), r.out());
  }
}
