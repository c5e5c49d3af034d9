package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every command, option and parameter says what it does, in full sentences that end. */
class HelpTextTest {
  private static List<CommandSpec> allCommands() {
    CommandLine root = VerdictCommand.root();
    VerdictCommand.commands(new PrintStream(new ByteArrayOutputStream()))
        .forEach((name, make) -> root.addSubcommand(name, make.get()));
    List<CommandSpec> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  private static void collect(CommandLine cl, List<CommandSpec> out) {
    out.add(cl.getCommandSpec());
    cl.getSubcommands().values().stream().distinct().forEach(c -> collect(c, out));
  }

  @Test
  void help_everyOptionOfEveryCommand_hasDescription() {
    List<String> missing = new ArrayList<>();
    List<CommandSpec> commands = allCommands();
    assertTrue(commands.size() >= 9, "commands found: " + commands.size());
    for (CommandSpec c : commands) {
      List<ArgSpec> args = new ArrayList<>(c.options());
      args.addAll(c.positionalParameters());
      for (ArgSpec a : args) {
        if (a.hidden()) {
          continue;
        }
        String d = String.join(" ", a.description()).strip();
        String name = a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel();
        if (d.isEmpty()) {
          missing.add(c.qualifiedName() + " " + name + ": no description");
        }
      }
      String first = c.usageMessage().description().length == 0 ? "" : c.usageMessage().description()[0].strip();
      if (!first.endsWith(".")) {
        // the command list in the parent's help shows only this first line
        missing.add(c.qualifiedName() + ": description's first line is not a full sentence: '" + first + "'");
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyOptionOfEveryCommand_typeHasAConverterMainKeeps() {
    // Main excludes picocli's reflective java.time / java.sql converters: an option of such a type without its own
    // converter would fail to parse on the command line while tests that build the model directly pass
    List<String> bad = new ArrayList<>();
    for (CommandSpec c : allCommands()) {
      List<ArgSpec> args = new ArrayList<>(c.options());
      args.addAll(c.positionalParameters());
      for (ArgSpec a : args) {
        List<Class<?>> types = new ArrayList<>(List.of(a.auxiliaryTypes()));
        types.add(a.type());
        for (Class<?> t : types) {
          if (t.getName().matches(Main.UNUSED_CONVERTERS) && a.converters().length == 0) {
            bad.add(c.qualifiedName() + " " + a.paramLabel() + ": " + t.getName());
          }
        }
      }
    }
    assertEquals(List.of(), bad);
  }

  @Test
  void help_everyCommand_rendersWithoutFormatWarnings() {
    // descriptions are format strings: a bare '%' makes picocli print a warning and show the raw text
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    try {
      for (CommandSpec c : allCommands()) {
        c.commandLine().getUsageMessage();
      }
    } finally {
      System.setErr(stderr);
    }
    assertEquals("", captured.toString());
  }

  @Test
  void help_policy_listsSubcommandsWithFullSentences() {
    Cli.Result r = Cli.run("policy", "--help");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("FILE:LINE:COLUMN: error|warning: FIELD: MESSAGE."), r.out());
  }

  @Test
  void version_subcommand_printsBuildDetails() {
    Cli.Result r = Cli.run("version");
    assertEquals(0, r.code(), r.toString());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("verdict "), r.out());
    assertTrue(lines[1].matches("commit: +(unknown|[0-9a-f]{7,40}(-dirty)?)"), r.out());
    assertTrue(lines[2].startsWith("java:     " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vendor")), r.out());
    assertTrue(r.out().contains("features: ") && r.out().contains("keyless"), r.out());
    assertEquals(Version.get() + "\n", Cli.run("version", "--short").out());
  }
}
