package dev.verdict.cli;

/** Entry point of {@code bin/verdict}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(VerdictCommand.run(args, System.out, System.err));
  }
}
