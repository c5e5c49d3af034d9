package dev.verdict.cli;

/** Entry point of {@code bin/verdict}. */
public final class Main {
  private Main() {}

  static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";
  /** The built-in converters picocli registers by reflection that no verdict option uses. */
  static final String UNUSED_CONVERTERS = "java\\.(time|sql)\\..*";

  public static void main(String[] args) {
    // verdict's annotations hold no Groovy closures: without this, picocli looks for groovy.lang.Closure at every
    // start, which opens and searches the jars of the class path (the classes themselves come from the class-data
    // archive without opening any jar)
    System.setProperty("picocli.disable.closures", "true");
    // no option is typed java.time or java.sql (durations and times are parsed by verdict itself): without this,
    // every command line reflects over those classes to register converters, initialising their formatters
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, UNUSED_CONVERTERS);
    }
    System.exit(VerdictCommand.run(args, System.out, System.err));
  }
}
