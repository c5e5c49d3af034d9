package dev.verdict.sbom;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * VEX statements from an OpenVEX document (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md) or a
 * CycloneDX VEX BOM (https://cyclonedx.org/capabilities/vex/); {@code not_affected} and {@code fixed} suppress.
 */
public record Vex(String source, List<Statement> statements) {
  /** The cap on a VEX file read from disk, as on an attestation file. */
  static final long MAX_BYTES = 32L << 20;

  public Vex {
    statements = List.copyOf(statements);
  }

  /** A statement's status, in OpenVEX terms (CycloneDX analysis states mapped onto them). */
  public enum Status { NOT_AFFECTED, FIXED, AFFECTED, UNDER_INVESTIGATION }

  /**
   * One statement.
   *
   * @param products purls or bom-refs the statement is about; subcomponents listed under a product are included,
   *     a product that lists subcomponents is not (the statement is then about those subcomponents in it)
   */
  public record Statement(String vulnerability, Set<String> aliases, Set<String> products, Status status,
      String justification) {
    public Statement {
      aliases = Set.copyOf(aliases);
      products = Set.copyOf(products);
    }

    /** Whether this statement is about {@code f}: same vulnerability (id or alias) and same component. */
    public boolean appliesTo(VulnerabilityReport.Finding f) {
      if (f.component() == null) {
        return false;
      }
      boolean sameVuln = f.isKnownAs(vulnerability) || aliases.stream().anyMatch(f::isKnownAs);
      return sameVuln && products.stream().anyMatch(p -> sameProduct(p, f.component()));
    }
  }

  /**
   * Whether the VEX documents suppress {@code f}: the last statement about it (documents and statements in the
   * order given, so a later statement supersedes an earlier one as OpenVEX says) is not_affected or fixed.
   */
  public static boolean suppresses(List<Vex> documents, VulnerabilityReport.Finding f) {
    Status last = null;
    for (Vex v : documents) {
      for (Statement s : v.statements()) {
        if (s.appliesTo(f)) {
          last = s.status();
        }
      }
    }
    return last == Status.NOT_AFFECTED || last == Status.FIXED;
  }

  /** Parses a VEX document from JSON bytes; {@code source} names it in errors. */
  public static Vex parse(byte[] content, String source) throws ConfigException {
    try {
      return VexReader.read(VexReader.json(content, source), source);
    } catch (SbomFormatException e) {
      throw e.toConfigException(source);
    }
  }

  /** Parses a VEX document already read as JSON (an attestation's predicate). */
  public static Vex parse(JsonNode tree, String source) throws ConfigException {
    try {
      return VexReader.read(tree, source);
    } catch (SbomFormatException e) {
      throw e.toConfigException(source);
    }
  }

  /** Reads a VEX file. */
  public static Vex read(Path file) throws ConfigException {
    try {
      return parse(InputFiles.read(file, MAX_BYTES), file.toString());
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read VEX document: " + InputFiles.reason(e), e);
    }
  }

  /** The local part of a CycloneDX BOM-link ({@code urn:cdx:serial/1#ref} to {@code ref}); other refs unchanged. */
  static String localRef(String ref) {
    if (ref != null && ref.startsWith("urn:cdx:") && ref.indexOf('#') > 0) {
      return Purl.decode(ref.substring(ref.indexOf('#') + 1));
    }
    return ref;
  }

  /**
   * Whether a VEX product id names the finding's component: equal ids, or purls of the same package where a
   * product without version covers every version and a product's qualifiers must all be present on the component.
   */
  static boolean sameProduct(String product, String component) {
    if (product.equals(component)) {
      return true;
    }
    if (!product.regionMatches(true, 0, "pkg:", 0, 4) || !component.regionMatches(true, 0, "pkg:", 0, 4)) {
      return false;
    }
    try {
      Purl p = Purl.parse(product);
      Purl c = Purl.parse(component);
      return p.coordinates().equals(c.coordinates())
          && (p.version() == null || p.version().toLowerCase(Locale.ROOT).equals(
              String.valueOf(c.version()).toLowerCase(Locale.ROOT)))
          && p.qualifiers().entrySet().stream().allMatch(q -> q.getValue().equals(c.qualifiers().get(q.getKey())));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
