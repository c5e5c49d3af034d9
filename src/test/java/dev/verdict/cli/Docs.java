package dev.verdict.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time tool of the release archive ({@code mvn -Pdist}): writes the bash/zsh completion script and the man
 * pages (AsciiDoc, which asciidoctor turns into roff) from the command line's own model, with picocli's
 * {@code AutoComplete} and {@code ManPageGenerator}, so neither can drift from the flags. Usage: Docs OUT_DIR
 */
public final class Docs {
  private Docs() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Files.createDirectories(out.resolve("adoc"));
    CommandLine cl = full();
    Files.writeString(out.resolve("verdict.bash"), AutoComplete.bash("verdict", cl), StandardCharsets.UTF_8);
    int code = ManPageGenerator.generateManPage(out.resolve("adoc").toFile(), null, new boolean[0], true,
        cl.getCommandSpec());
    if (code != 0) {
      throw new IllegalStateException("picocli ManPageGenerator exited " + code);
    }
  }

  /** The whole command tree (the CLI itself builds only the invoked subcommand's model). */
  static CommandLine full() {
    CommandLine cl = VerdictCommand.root();
    cl.addSubcommand("help", new CommandLine.HelpCommand());
    PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
    VerdictCommand.commands(sink).forEach((name, make) -> cl.addSubcommand(name, make.get()));
    return cl;
  }
}
