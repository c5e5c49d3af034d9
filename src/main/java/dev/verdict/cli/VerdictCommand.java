package dev.verdict.cli;

import dev.verdict.ConfigException;
import dev.verdict.VerdictException;
import dev.verdict.report.ExitCode;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code verdict} command: subcommands, exit codes, and one-line errors (stack traces only with --debug).
 *
 * <p>Its own model is built in code ({@link #root()}), not read from annotations: picocli's annotation reading makes
 * the JVM generate a proxy class per annotation type and reflect over every member, which is most of what a start-up
 * costs beyond the JVM's own (class-data sharing cannot keep proxies in Java 17). The subcommands keep their
 * annotations; only the invoked one is built.
 */
public final class VerdictCommand implements Runnable {
  static final String DESCRIPTION =
      "Verifies container image signatures and attestations against declarative policies.";

  private CommandSpec spec;

  private VerdictCommand() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** Runs the command line; returns the exit code. Testable: no System.exit, no global streams. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /** {@link #run(String[], PrintStream, PrintStream)} with {@code in} as standard input (what {@code -} reads). */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    CommandLine cl = root();
    Map<String, Supplier<CommandLine>> commands = commands(out, in);
    // Building a command's model reflects over all its options: a CI gate that runs one subcommand builds only
    // that one (help, --version and unknown words still see every command).
    Supplier<CommandLine> only = args.length > 0 ? commands.get(args[0]) : null;
    boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    if (!versionOnly && only == null) {
      cl.addSubcommand("help", new CommandLine.HelpCommand());
    }
    commands.forEach((name, make) -> {
      if (!versionOnly && (only == null || name.equals(args[0]))) {
        cl.addSubcommand(name, make.get());
      }
    });
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExitCodeExceptionMapper(ExitCode::of);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandSpec s = ex.getCommandLine().getCommandSpec();
      err.println("verdict: " + ex.getMessage());
      err.println("Try '" + s.qualifiedName() + " --help' for more information.");
      return ExitCode.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      Throwable t = unwrap(ex);
      err.println("verdict: " + message(t));
      if (debug) {
        t.printStackTrace(err);
      }
      return ExitCode.of(t);
    });
    int code = execute(cl, args, err, debug);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The root command without subcommands: the options, help sections and version that {@code @Command(name =
   * "verdict", mixinStandardHelpOptions = true, ...)} would give, with the standard help options added as picocli's
   * own mixin of that name (man page, completion and help list them as before).
   */
  static CommandLine root() {
    VerdictCommand command = new VerdictCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    command.spec = spec;
    spec.name("verdict").versionProvider(new Version());
    CodeModel.standardHelp(spec);
    spec.usageMessage().description(DESCRIPTION);
    CodeModel.exitCodes(spec, "every image allowed (warnings may be present)", "at least one image denied by policy",
        "usage error: bad flags or arguments", "invalid policy or configuration (file, line and field named)",
        "could not decide: registry unreachable, auth failed, timeout, trust material unusable");
    return new CommandLine(spec);
  }

  /** Every subcommand by name, its model built on demand. */
  static Map<String, Supplier<CommandLine>> commands(PrintStream out) {
    return commands(out, System.in);
  }

  static Map<String, Supplier<CommandLine>> commands(PrintStream out, InputStream in) {
    Map<String, Supplier<CommandLine>> commands = new LinkedHashMap<>();
    commands.put("verify", () -> new CommandLine(VerifyCommand.spec(out, in)));
    commands.put("verify-artifact", () -> new CommandLine(VerifyArtifactCommand.spec()));
    commands.put("inspect", () -> new CommandLine(new InspectCommand(out)));
    commands.put("policy", () -> new CommandLine(new PolicyCommand()));
    commands.put("sbom", () -> new CommandLine(new SbomCommand()));
    commands.put("trust", () -> new CommandLine(new TrustCommand()));
    commands.put("serve", () -> new CommandLine(new ServeCommand(out)));
    commands.put("admission", () -> new CommandLine(new AdmissionCommand()));
    commands.put("version", () -> new CommandLine(new VersionCommand()));
    return commands;
  }

  /**
   * Executes the parsed command line. Picocli hands back only {@link Exception}s; an {@link Error} (a stack overflow
   * on deeply nested input, memory exhausted by a huge one) would end the JVM with a stack trace and exit 1, which a
   * CI gate reads as "denied by policy". It is one line and "could not decide" instead, as any other failure.
   */
  static int execute(CommandLine cl, String[] args, PrintStream err, boolean debug) {
    try {
      return cl.execute(args);
    } catch (StackOverflowError | OutOfMemoryError e) {
      err.println("verdict: " + (e instanceof StackOverflowError ? "input is nested too deeply to process"
          : "out of memory while processing the input") + "; run with --debug for details");
      if (debug) {
        e.printStackTrace(err);
      }
      return ExitCode.of(e);
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof UncheckedIOException || t instanceof CommandLine.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String message(Throwable t) {
    if (t instanceof VerdictException || t instanceof ConfigException) {
      return t.getMessage();
    }
    String m = t.getMessage();
    return "internal error (" + t.getClass().getSimpleName() + (m == null ? "" : ": " + m)
        + "); run with --debug for details";
  }
}
