package dev.verdict.cli;

/** Entry point of {@code bin/verdict}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // verdict's annotations hold no Groovy closures: without this, picocli looks for groovy.lang.Closure at every
    // start, which opens and searches the jars of the class path (the classes themselves come from the class-data
    // archive without opening any jar)
    System.setProperty("picocli.disable.closures", "true");
    System.exit(VerdictCommand.run(args, System.out, System.err));
  }
}
