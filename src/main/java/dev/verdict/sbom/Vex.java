package dev.verdict.sbom;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * VEX statements from an OpenVEX document (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md) or a
 * CycloneDX VEX BOM (https://cyclonedx.org/capabilities/vex/); {@code not_affected} and {@code fixed} suppress.
 *
 * <p>A statement applies to a finding only when one of its targets names the subject being judged (the image, or
 * the SBOM the VEX is attached to: see {@link VexSubject#names}) and, when the target lists subcomponents, one of
 * them is the finding's component. Among the statements that apply, the newest by its own time wins (never the
 * position of a document or statement in a file or manifest); on equal times the stricter status wins.
 */
public record Vex(String source, List<Statement> statements) {
  /** The cap on a VEX file read from disk, as on an attestation file. */
  static final long MAX_BYTES = 32L << 20;

  public Vex {
    statements = List.copyOf(statements);
  }

  /** A statement's status, in OpenVEX terms (CycloneDX analysis states mapped onto them), least strict first. */
  public enum Status {
    NOT_AFFECTED, FIXED, UNDER_INVESTIGATION, AFFECTED;

    /** Whether the status takes a finding out of the rule. */
    public boolean suppresses() {
      return this == NOT_AFFECTED || this == FIXED;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What one statement is about.
   *
   * @param product identifiers of the product (any one may name the subject); ignored when {@code attached}
   * @param subcomponents identifiers of components in the product (any one may be the finding's); none means the
   *     statement is about the whole product
   * @param attached the product is the document this VEX is part of (a CycloneDX BOM's own analysis)
   * @param bomRefs the subcomponents are bom-refs of the subject's BOM (CycloneDX {@code affects}), resolved through
   *     it; otherwise they are purls
   */
  public record Target(Set<String> product, Set<String> subcomponents, boolean attached, boolean bomRefs) {
    public Target {
      product = Set.copyOf(product);
      subcomponents = Set.copyOf(subcomponents);
    }

    boolean appliesTo(VexSubject subject, String component) {
      if (!attached && product.stream().noneMatch(subject::names)) {
        return false;
      }
      if (subcomponents.isEmpty()) {
        return true;
      }
      if (component == null) {
        return false; // a finding that names no component is not shown to be this subcomponent
      }
      for (String s : subcomponents) {
        if (bomRefs) {
          if (s.equals(subject.rootRef())) {
            return true;
          }
          String resolved = subject.refs().get(s);
          if (resolved != null && sameComponent(resolved, component)) {
            return true;
          }
        } else if (s.regionMatches(true, 0, "pkg:", 0, 4) && samePackage(s, component)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * One statement.
   *
   * @param time when the statement was made: its own timestamp (OpenVEX {@code last_updated} else
   *     {@code timestamp}; CycloneDX {@code analysis.lastUpdated} else {@code firstIssued}), else its document's;
   *     null when neither says, which counts as older than any stated time
   * @param at where it is in its document ({@code statements[2]}, {@code vulnerabilities[0]}), with its id if any
   */
  public record Statement(String vulnerability, Set<String> aliases, List<Target> targets, Status status,
      String justification, Instant time, String at) {
    public Statement {
      aliases = Set.copyOf(aliases);
      targets = List.copyOf(targets);
    }

    /** Whether this statement is about {@code f} in {@code subject}: same vulnerability (id or alias), a target. */
    public boolean appliesTo(VexSubject subject, VulnerabilityReport.Finding f) {
      return isAbout(f) && targets.stream().anyMatch(t -> t.appliesTo(subject, f.component()));
    }

    /** Whether this statement is about {@code f}'s vulnerability (id or alias), wherever. */
    public boolean isAbout(VulnerabilityReport.Finding f) {
      return f.isKnownAs(vulnerability) || aliases.stream().anyMatch(f::isKnownAs);
    }
  }

  /** The statement that decides a finding, with the document it is in. */
  public record Applied(Vex document, Statement statement) {
    /** {@code <document> statements[i]: not_affected (justification)}, for reports. */
    public String describe() {
      return document.source() + " " + statement.at() + ": " + statement.status().label()
          + (statement.justification() == null ? "" : " (" + statement.justification() + ")")
          + (statement.time() == null ? ", no timestamp" : ", " + statement.time());
    }
  }

  /** Newest last: time (none oldest), then strictness; then source and position, only so the result is stable. */
  private static final Comparator<Applied> PRECEDENCE = Comparator
      .comparing((Applied a) -> a.statement().time(), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(a -> a.statement().status())
      .thenComparing(a -> a.document().source(), Comparator.reverseOrder())
      .thenComparing(a -> a.statement().at(), Comparator.reverseOrder());

  /**
   * The statement that decides {@code f}, or null when none applies: of the statements about it (see
   * {@link Statement#appliesTo}), the newest; equal times go to the stricter status. Document and statement order
   * play no part, so reordering the layers of a manifest or the files of a policy cannot change the outcome.
   */
  public static Applied decide(List<Vex> documents, VexSubject subject, VulnerabilityReport.Finding f) {
    Applied best = null;
    for (Vex v : documents) {
      for (Statement s : v.statements()) {
        if (s.appliesTo(subject, f)) {
          Applied a = new Applied(v, s);
          if (best == null || PRECEDENCE.compare(a, best) > 0) {
            best = a;
          }
        }
      }
    }
    return best;
  }

  /** Parses a VEX document from JSON bytes; {@code source} names it in errors. */
  public static Vex parse(byte[] content, String source) throws ConfigException {
    try {
      return VexReader.read(VexReader.json(content, source), source, false);
    } catch (SbomFormatException e) {
      throw e.toConfigException(source);
    }
  }

  /**
   * The analysis entries of a CycloneDX BOM as VEX attached to that BOM: their {@code affects} bom-refs name its own
   * components (the BOM is the product).
   */
  public static Vex attached(byte[] content, String source) throws ConfigException {
    try {
      return VexReader.read(VexReader.json(content, source), source, true);
    } catch (SbomFormatException e) {
      throw e.toConfigException(source);
    }
  }

  /** Parses a VEX document already read as JSON (an attestation's predicate). */
  public static Vex parse(JsonNode tree, String source) throws ConfigException {
    try {
      return VexReader.read(tree, source, false);
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

  /** Purls compared as packages (see {@link #samePackage}); other ids (bom-refs of one BOM) must be equal. */
  static boolean sameComponent(String id, String component) {
    if (id.regionMatches(true, 0, "pkg:", 0, 4) || component.regionMatches(true, 0, "pkg:", 0, 4)) {
      return samePackage(id, component);
    }
    return id.equals(component);
  }

  /**
   * Whether purl {@code product} covers purl {@code component}: same package, where a product without version covers
   * every version and a product's qualifiers must all be present on the component with the same value. A purl that
   * does not parse covers nothing and is covered by nothing, not even by the same text.
   */
  static boolean samePackage(String product, String component) {
    try {
      Purl p = Purl.parse(product);
      Purl c = Purl.parse(component);
      return p.coordinates().equals(c.coordinates())
          && (p.version() == null || c.version() != null && p.version().toLowerCase(Locale.ROOT).equals(
              c.version().toLowerCase(Locale.ROOT)))
          && p.qualifiers().entrySet().stream().allMatch(q -> q.getValue().equals(c.qualifiers().get(q.getKey())));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
