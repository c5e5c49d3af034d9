package dev.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure DESIGN.md describes, read from the sources' imports and fully qualified names: verifiers do
 * not depend on the renderers or the CLI, and no two packages depend on each other through any path.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/verdict");
  private static final Pattern USE = Pattern.compile("\\bdev\\.verdict\\.([a-z0-9]+)\\.[A-Z]");
  /** The root package's own types (exceptions, input helpers), used as {@code dev.verdict.Name} or imported by wildcard. */
  private static final Pattern ROOT_USE = Pattern.compile("\\bdev\\.verdict\\.([A-Z]|\\*)");
  private static final Map<String, Set<String>> USES = new TreeMap<>();
  /** The packages that use the root package. */
  private static final Set<String> ROOT_USERS = new TreeSet<>();

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        Path rel = SOURCES.relativize(f);
        String pkg = rel.getNameCount() == 1 ? "(root)" : rel.getName(0).toString();
        Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
        for (String line : Files.readAllLines(f)) {
          if (line.trim().startsWith("*") || line.trim().startsWith("//")) {
            continue; // javadoc links are not dependencies
          }
          if (ROOT_USE.matcher(line).find() && !pkg.equals("(root)")) {
            ROOT_USERS.add(pkg);
          }
          Matcher m = USE.matcher(line);
          while (m.find()) {
            if (!m.group(1).equals(pkg)) {
              uses.add(m.group(1));
            }
          }
        }
      }
    }
  }

  @Test
  void verifiers_neverUseRenderersOrCli() {
    for (String verifier : List.of("oci", "discovery", "sigstore", "attestation", "sbom", "policy", "k8s", "trust",
        "result", "engine")) {
      Set<String> uses = USES.getOrDefault(verifier, Set.of());
      assertTrue(!uses.contains("report") && !uses.contains("cli"), verifier + " uses " + uses);
    }
  }

  /**
   * The CLI parses, calls the engine's entry points, renders and exits: it reaches every use case through
   * {@code engine}, the model in {@code result} and the views in {@code report}, and the root package's exceptions.
   * The root package counts as one of the four. {@code serve}, the admission webhook, is the other front end over
   * the same engine: {@code verdict serve} and {@code admission review} parse their flags in {@code cli} and hand
   * over to it ({@code Webhook}, {@code OfflineReview}), so it is not counted among the packages below the CLI.
   */
  @Test
  void cli_usesAtMostFourOfVerdictsPackages() {
    Set<String> uses = new TreeSet<>(USES.getOrDefault("cli", Set.of()));
    if (ROOT_USERS.contains("cli")) {
      uses.add("(root)");
    }
    uses.remove("serve");
    assertTrue(uses.size() <= 4, "cli uses " + uses.size() + " packages: " + uses);
  }

  @Test
  void serve_neverUsesCliOrRenderers() {
    Set<String> uses = USES.getOrDefault("serve", Set.of());
    assertTrue(!uses.contains("cli") && !uses.contains("report"), "serve uses " + uses);
  }

  @Test
  void noPackageBelowCli_usesCli() {
    // startup drives the commands to train the class-data archive: it sits above cli, as Main's caller
    USES.forEach((pkg, uses) -> assertTrue(pkg.equals("cli") || pkg.equals("startup") || !uses.contains("cli"),
        pkg + " uses cli"));
  }

  @Test
  void result_dependsOnNothingButTheRoot() {
    assertEquals(Set.of(), USES.get("result"));
  }

  @Test
  void packages_formNoCycle() {
    for (String from : USES.keySet()) {
      List<String> path = new ArrayList<>();
      assertTrue(!reaches(from, from, new TreeSet<>(), path), "cycle: " + from + " -> " + path);
    }
  }

  private static boolean reaches(String target, String at, Set<String> seen, List<String> path) {
    for (String next : USES.getOrDefault(at, Set.of())) {
      path.add(next);
      if (next.equals(target) || (seen.add(next) && reaches(target, next, seen, path))) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }

  /**
   * Types other packages name in code (imports and qualified names, comments aside): compile-time constants are
   * inlined, so a class of constants shows in no other class file.
   */
  private static final Set<String> SOURCE_USES = new TreeSet<>();

  @BeforeAll
  static void readTypeUses() throws IOException {
    Pattern type = Pattern.compile("\\bdev\\.verdict\\.(?:([a-z0-9]+)\\.)?([A-Z]\\w*)");
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          Path rel = root.relativize(f);
          String pkg = rel.getParent() == null ? "" : rel.getParent().toString().replace('\\', '/').replace('/', '.');
          for (String line : Files.readAllLines(f)) {
            if (line.trim().startsWith("*") || line.trim().startsWith("//")) {
              continue;
            }
            Matcher m = type.matcher(line);
            while (m.find()) {
              String typePkg = "dev.verdict" + (m.group(1) == null ? "" : "." + m.group(1));
              if (!typePkg.equals(pkg)) {
                SOURCE_USES.add(typePkg + "." + m.group(2));
              }
            }
          }
        }
      }
    }
  }

  /**
   * Public types that no class outside their package uses (entry points of the CLI, which picocli reflects on, aside).
   * Uses are read from the compiled classes' constant pools, so a use through {@code var}, a method's return type or a
   * test in another package counts, and a javadoc link does not.
   */
  private static boolean isProgram(Class<?> type) {
    try {
      return java.lang.reflect.Modifier.isStatic(type.getMethod("main", String[].class).getModifiers());
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  static List<String> publicTypesUsedOnlyInTheirPackage() throws IOException, ClassNotFoundException {
    Path classes = Path.of("target/classes");
    Map<String, byte[]> all = new TreeMap<>();
    for (Path root : List.of(classes, Path.of("target/test-classes"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
          all.put(root.relativize(f).toString().replace('\\', '/') + (root.equals(classes) ? "" : "@test"),
              Files.readAllBytes(f));
        }
      }
    }
    List<String> unused = new ArrayList<>();
    for (String file : all.keySet()) {
      String internal = file.substring(0, file.length() - ".class".length());
      if (file.endsWith("@test") || internal.contains("$") || !internal.startsWith("dev/verdict/")
          || internal.startsWith("dev/verdict/cli/") || internal.endsWith("/package-info")) {
        continue;
      }
      Class<?> type = Class.forName(internal.replace('/', '.'), false, PackageDependenciesTest.class.getClassLoader());
      if (!java.lang.reflect.Modifier.isPublic(type.getModifiers()) || isProgram(type)) {
        continue; // a program (public static main) is named by a launcher, not by other packages
      }
      String pkg = internal.substring(0, internal.lastIndexOf('/') + 1);
      boolean used = false;
      for (Map.Entry<String, byte[]> other : all.entrySet()) {
        String otherPkg = other.getKey().substring(0, other.getKey().lastIndexOf('/') + 1);
        if (!otherPkg.equals(pkg) && mentions(other.getValue(), internal)) {
          used = true;
          break;
        }
      }
      if (!used && !SOURCE_USES.contains(internal.replace('/', '.'))) {
        unused.add(internal.replace('/', '.'));
      }
    }
    return unused;
  }

  /** Whether a class file's constant pool names {@code internal} (as a class, in a descriptor, or a nested class). */
  private static boolean mentions(byte[] classFile, String internal) {
    byte[] name = internal.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + name.length <= classFile.length; i++) {
      for (int j = 0; j < name.length; j++) {
        if (classFile[i + j] != name[j]) {
          continue outer;
        }
      }
      int next = i + name.length < classFile.length ? classFile[i + name.length] & 0xff : ';';
      boolean longerName = next == '_' || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')
          || (next >= '0' && next <= '9');
      if (!longerName) {
        return true;
      }
    }
    return false;
  }

  @Test
  void publicTypes_areUsedOutsideTheirPackage() throws Exception {
    assertEquals(List.of(), publicTypesUsedOnlyInTheirPackage(),
        "public types no other package uses: make them package-private (one small public entry point per package)");
  }
}
