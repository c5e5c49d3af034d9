package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's examples so they cannot drift. Only fenced blocks whose info string carries {@code verdict-test}
 * run (```` ```sh verdict-test ```` or ```` ```console verdict-test ````); every other block is left alone, so a new
 * section needs nothing here. In such a block every {@code bin/verdict ...} command (or {@code $ verdict ...} in a
 * console block) runs in-process from the repository root and must exit 0, or N when the line ends with
 * {@code # exit N} (other comments are ignored). In a console block the lines after a command are its expected standard output, where a line
 * {@code ...} stands for any number of lines.
 */
class ReadmeExamplesTest {
  private static final Pattern FENCE = Pattern.compile("(?m)^```([^\\n`]*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
  /** A shell comment after a command; {@code # exit N} gives the expected exit code. */
  private static final Pattern COMMENT = Pattern.compile("\\s+#(.*)$");
  private static final Pattern EXIT = Pattern.compile("\\s*exit\\s+(\\d+)\\b.*");

  record Example(String command, int exit, List<String> expected, boolean console) {}

  static List<Example> examples(String markdown) {
    List<Example> out = new ArrayList<>();
    Matcher m = FENCE.matcher(markdown);
    while (m.find()) {
      List<String> info = List.of(m.group(1).strip().split("\\s+"));
      if (!info.contains("verdict-test")) {
        continue;
      }
      boolean console = info.get(0).equals("console");
      List<String> lines = new ArrayList<>(m.group(2).lines().toList());
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        while (line.endsWith("\\") && i + 1 < lines.size()) {
          line = line.substring(0, line.length() - 1).stripTrailing() + " " + lines.get(++i).strip();
        }
        String command = console ? (line.startsWith("$ verdict ") ? line.substring(2) : null)
            : (line.startsWith("bin/verdict ") ? line.substring(4) : null);
        if (command == null) {
          continue;
        }
        int exit = 0;
        Matcher comment = COMMENT.matcher(command);
        if (comment.find()) {
          Matcher e = EXIT.matcher(comment.group(1));
          exit = e.matches() ? Integer.parseInt(e.group(1)) : 0;
          command = command.substring(0, comment.start());
        }
        List<String> expected = new ArrayList<>();
        while (console && i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")) {
          expected.add(lines.get(++i));
        }
        out.add(new Example(command.strip(), exit, expected, console));
      }
    }
    return out;
  }

  /** Splits like a POSIX shell for the quoting the README uses: single and double quotes, no expansion. */
  static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean in = false;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        in = true;
      } else if (Character.isWhitespace(c)) {
        if (in) {
          out.add(w.toString());
          w.setLength(0);
          in = false;
        }
      } else {
        w.append(c);
        in = true;
      }
    }
    if (in) {
      out.add(w.toString());
    }
    return out;
  }

  /** Expected lines in order; {@code ...} matches any number of lines. */
  static boolean matches(List<String> expected, List<String> actual) {
    if (expected.isEmpty()) {
      return actual.isEmpty();
    }
    if (expected.get(0).equals("...")) {
      for (int skip = 0; skip <= actual.size(); skip++) {
        if (matches(expected.subList(1, expected.size()), actual.subList(skip, actual.size()))) {
          return true;
        }
      }
      return false;
    }
    return !actual.isEmpty() && expected.get(0).equals(actual.get(0))
        && matches(expected.subList(1, expected.size()), actual.subList(1, actual.size()));
  }

  @Test
  void readme_markedExamples_runAsDocumented() throws Exception {
    Files.createDirectories(Path.of("target/readme"));
    List<Example> examples = examples(Files.readString(Path.of("README.md")));
    assertTrue(examples.size() >= 8, "README examples marked verdict-test: " + examples);
    assertTrue(examples.stream().anyMatch(e -> e.console() && e.command().startsWith("verdict policy test")),
        "the policy test sample is run");
    for (Example e : examples) {
      List<String> args = words(e.command());
      args.remove(0); // "verdict"
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      assertEquals(e.exit(), r.code(), e.command() + "\n" + r);
      if (e.console()) {
        assertTrue(matches(e.expected(), r.out().lines().toList()),
            e.command() + ": README shows\n" + String.join("\n", e.expected()) + "\nbut the run printed\n" + r.out());
      }
    }
  }

  @Test
  void examples_parser_readsOnlyMarkedBlocksWithExitCodesAndContinuations() {
    String md = "```sh\nbin/verdict verify x\n```\n\n```sh verdict-test\n# comment\nbin/verdict a \\\n    'b c'  # exit 1\n"
        + "mvn package\n```\n\n```console verdict-test\n$ verdict policy test p\nPASS x\n...\n2 passed, 0 failed\n```\n";
    List<Example> ex = examples(md);
    assertEquals(2, ex.size(), ex.toString());
    assertEquals(new Example("verdict a 'b c'", 1, List.of(), false), ex.get(0));
    assertEquals(List.of("verdict", "a", "b c"), words(ex.get(0).command()));
    assertEquals(List.of("PASS x", "...", "2 passed, 0 failed"), ex.get(1).expected());
    assertTrue(matches(ex.get(1).expected(), List.of("PASS x", "PASS y", "PASS z", "2 passed, 0 failed")));
    assertTrue(!matches(ex.get(1).expected(), List.of("PASS x", "3 passed, 0 failed")));
  }
}
