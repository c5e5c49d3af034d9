package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** The root command, whose model is built in code rather than read from annotations. */
class VerdictCommandTest {
  @Test
  void help_root_listsStandardOptionsEveryCommandAndExitCodes() {
    Cli.Result r = Cli.run("--help");

    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("Usage: verdict [-hV] [COMMAND]\n" + "Verifies container image signatures and "
        + "attestations against declarative\npolicies.\n" + "  -h, --help      Show this help message and exit.\n"
        + "  -V, --version   Print version information and exit.\nCommands:\n"
        + "  help             Display help information about the specified command.\n"), r::toString);
    VerdictCommand.commands(new PrintStream(new ByteArrayOutputStream())).keySet()
        .forEach(name -> assertTrue(r.out().contains("\n  " + name + " "), name + " missing:\n" + r.out()));
    assertTrue(r.out().endsWith("\nExit codes:\n"
        + "  0   every image allowed (warnings may be present)\n"
        + "  1   at least one image denied by policy\n"
        + "  2   usage error: bad flags or arguments\n"
        + "  3   invalid policy or configuration (file, line and field named)\n"
        + "  4   could not decide: registry unreachable, auth failed, timeout, trust\n"
        + "        material unusable\n"), r::toString);
  }

  @Test
  void version_root_printsVersionOnly() {
    Cli.Result r = Cli.run("--version");

    assertEquals(0, r.code(), r::toString);
    assertEquals("verdict " + Version.get() + "\n", r.out());
    assertEquals("", r.err());
    assertEquals(r.out(), Cli.run("-V").out());
  }

  @Test
  void run_noSubcommand_usageErrorNamingHelp() {
    Cli.Result r = Cli.run();

    assertEquals(2, r.code(), r::toString);
    assertEquals("verdict: missing subcommand\nTry 'verdict --help' for more information.\n", r.err());
  }

  @Test
  void run_unknownSubcommand_usageError() {
    Cli.Result r = Cli.run("verfiy");

    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith("verdict: Unmatched argument at index 0: 'verfiy'\n"), r::toString);
  }

  @Test
  void help_subcommandViaHelpCommand_sameAsItsOwnHelp() {
    Cli.Result viaHelp = Cli.run("help", "verify-artifact");
    Cli.Result own = Cli.run("verify-artifact", "--help");

    assertEquals(0, viaHelp.code(), viaHelp::toString);
    assertTrue(own.out().startsWith("Usage: verdict verify-artifact "), own::toString);
    assertEquals(own.out(), viaHelp.out());
  }

  @Test
  void root_standardHelpOptions_arePicocliMixinOfThatName() {
    CommandSpec spec = VerdictCommand.root().getCommandSpec();

    assertTrue(spec.mixinStandardHelpOptions());
    assertEquals("verdict", spec.name());
    assertEquals(2, spec.options().size());
    assertTrue(spec.optionsMap().get("--help").usageHelp());
    assertTrue(spec.optionsMap().get("--version").versionHelp());
  }
}
