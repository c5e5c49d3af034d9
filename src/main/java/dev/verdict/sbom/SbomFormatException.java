package dev.verdict.sbom;

/**
 * A malformed SBOM, vulnerability report or VEX document; the message names the file and the field
 * ({@code bom.json: components[3].purl: ...}). Unchecked inside the package, converted to
 * {@link dev.verdict.ConfigException} at the public entry points.
 */
final class SbomFormatException extends IllegalArgumentException {
  private final String source;
  private final String field;
  private final String problem;

  SbomFormatException(String source, String field, String problem) {
    super(format(source, field, problem));
    this.source = source;
    this.field = field;
    this.problem = problem;
  }

  static String format(String source, String field, String problem) {
    return (source == null ? "" : source + ": ") + (field == null ? "" : field + ": ") + problem;
  }

  /** As a ConfigException naming {@code fallbackSource} when the exception was raised without one. */
  dev.verdict.ConfigException toConfigException(String fallbackSource) {
    return new dev.verdict.ConfigException(source != null ? source : fallbackSource, 0, 0, field, problem, this);
  }
}
