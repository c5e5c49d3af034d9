package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Reference;
import dev.verdict.policy.LoadResult;
import dev.verdict.policy.PolicySet;
import dev.verdict.policy.PolicyTestCase;
import dev.verdict.policy.PolicyTestSuite;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.Status;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs policy test suites through the engine and compares each verdict with what the case expects. A case passes
 * only when the decision is the expected one and every expected check is present with the expected status; a case
 * that cannot be run (an unreadable SBOM, a suite without SBOM rules for an {@code sbom:} case) fails.
 */
public final class PolicyTestRunner {
  /** What one case produced: the image result (null when not run) and why it failed (empty when it passed). */
  public record CaseResult(PolicyTestCase testCase, ImageResult result, List<String> problems, Duration time) {
    public CaseResult {
      problems = List.copyOf(problems);
    }

    public boolean passed() {
      return problems.isEmpty();
    }
  }

  /** One suite's case results, in the order of the file. */
  public record SuiteResult(PolicyTestSuite suite, List<CaseResult> cases, Duration time) {
    public SuiteResult {
      cases = List.copyOf(cases);
    }

    public long failed() {
      return cases.stream().filter(c -> !c.passed()).count();
    }
  }

  private final ImageSource source;
  private final EngineOptions options;
  private final Duration timeout;

  public PolicyTestRunner(ImageSource source, EngineOptions options, Duration timeout) {
    this.source = source;
    this.options = options;
    this.timeout = timeout;
  }

  /** {@link #run(PolicyTestSuite, LoadResult)} with image policies only. */
  public SuiteResult run(PolicyTestSuite suite, PolicySet policies) throws ConfigException {
    return run(suite, new LoadResult(policies, List.of(), List.of()));
  }

  /**
   * Runs every case of {@code suite} against {@code loaded} (the suite's policies, already loaded): image cases
   * against its image policies, {@code sbom:} cases against the sbom rules of both kinds.
   */
  public SuiteResult run(PolicyTestSuite suite, LoadResult loaded) throws ConfigException {
    PolicySet policies = loaded.policies();
    long start = System.nanoTime();
    TrustMaterial trust;
    try {
      trust = TrustMaterial.load(policies, null);
    } catch (dev.verdict.UndecidableException e) {
      // only a policy that requires fresh TUF trust (trustedRoot: tuf) fails this way
      throw new ConfigException((String) null, 0, 0, null, e.getMessage(), e);
    }
    List<CaseResult> out = new ArrayList<>();
    java.time.Clock clock = suite.now() == null ? options.clock()
        : java.time.Clock.fixed(suite.now(), java.time.ZoneOffset.UTC);
    for (int i = 0; i < suite.cases().size(); i++) {
      PolicyTestCase c = suite.cases().get(i);
      if (c.sbomFile() != null) {
        out.add(runSbom(c, loaded, clock));
        continue;
      }
      EngineOptions withFiles = new EngineOptions(options.platform(), clock, attestationFiles(c));
      ImageSource named = c.layoutName() == null ? source : new NamedLayout(source, c.reference(), c.layoutName());
      CaseResult result = run(new Engine(named, policies, trust, withFiles), suite, i);
      String declared = c.layoutName() == null ? null : declaredName(c);
      if (declared != null && !declared.equals(c.layoutName())) {
        result = new CaseResult(c, result.result(), List.of("layoutName: the layout declares its image as "
            + declared + ", not " + c.layoutName() + " (remove layoutName, or fix it)"), result.time());
      }
      out.add(result);
    }
    return new SuiteResult(suite, out, Duration.ofNanos(System.nanoTime() - start));
  }

  private CaseResult run(Engine engine, PolicyTestSuite suite, int index) {
    PolicyTestCase c = suite.cases().get(index);
    long start = System.nanoTime();
    Origin origin = new Origin(suite.file().toString(), c.location().line(), 0, "cases[" + index + "].image");
    ImageTarget target = new ImageTarget(c.image(), c.reference(), List.of(origin));
    ImageResult r = Runner.verifyAll(engine, List.of(target), 1, timeout).get(0);
    return new CaseResult(c, r, compare(c, r), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * An {@code sbom:} case: the suite's {@code sbom} and {@code vulnerabilities} rules applied to the file exactly as
   * {@code sbom check --policy} applies them. A suite without such rules, or an SBOM that cannot be read, fails the
   * case: it would otherwise pass without judging anything.
   */
  private static CaseResult runSbom(PolicyTestCase c, LoadResult loaded, java.time.Clock clock) {
    long start = System.nanoTime();
    dev.verdict.sbom.SbomFileCheck.Rules rules = dev.verdict.policy.SbomRules.of(loaded);
    if (rules.isEmpty()) {
      return new CaseResult(c, null, List.of("sbom: the suite's policies have no sbom or vulnerabilities rules to "
          + "judge " + c.sbom() + " with"), Duration.ZERO);
    }
    List<String> names = java.util.stream.Stream.concat(loaded.policies().policies().stream(),
        loaded.sbomPolicies().stream()).map(dev.verdict.policy.PolicyDocument::name).toList();
    try {
      ImageResult r = dev.verdict.sbom.SbomFileCheck.of(rules, List.of(), clock.instant()).check(c.sbomFile(), names);
      return new CaseResult(c, r, compare(c, r), Duration.ofNanos(System.nanoTime() - start));
    } catch (ConfigException e) {
      return new CaseResult(c, null, List.of("sbom: " + e.getMessage()), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private String declaredName(PolicyTestCase c) {
    try {
      return source.declaredName(c.reference()).orElse(null);
    } catch (dev.verdict.VerdictException e) {
      return null; // the case itself reports the unreadable layout
    }
  }

  /**
   * The suite's source, but an {@code oci:} layout that declares no image name stands for the one the test file
   * gives ({@code layoutName}), so policies and signed identities written for that name apply to it.
   */
  private static final class NamedLayout implements ImageSource {
    private final ImageSource source;
    private final Reference layout;
    private final String name;

    NamedLayout(ImageSource source, Reference layout, String name) {
      this.source = source;
      this.layout = layout;
      this.name = name;
    }

    @Override
    public java.util.Optional<dev.verdict.oci.FetchedManifest> manifest(Reference repo, String tagOrDigest)
        throws dev.verdict.VerdictException {
      return source.manifest(repo, tagOrDigest);
    }

    @Override
    public byte[] blob(Reference repo, dev.verdict.oci.Descriptor descriptor) throws dev.verdict.VerdictException {
      return source.blob(repo, descriptor);
    }

    @Override
    public List<dev.verdict.oci.Descriptor> referrers(Reference repo, dev.verdict.oci.Digest subject,
        String artifactType) throws dev.verdict.VerdictException {
      return source.referrers(repo, subject, artifactType);
    }

    @Override
    public java.util.Optional<String> declaredName(Reference ref) throws dev.verdict.VerdictException {
      java.util.Optional<String> declared = source.declaredName(ref);
      if (declared.isEmpty() && ref.isLayout() && ref.layout().equals(layout.layout())) {
        return java.util.Optional.of(name);
      }
      return declared;
    }

    @Override
    public void close() {
      // the suite's source outlives this case
    }
  }

  /** The case's attestation files, given to the engine as if from {@code verify --attestation}. */
  private static List<LocalAttestation> attestationFiles(PolicyTestCase c) throws ConfigException {
    List<LocalAttestation> out = new ArrayList<>();
    for (Path p : c.attestations()) {
      out.add(LocalAttestation.read(p));
    }
    return out;
  }

  /** Every way {@code r} differs from what {@code c} expects; empty when the case passes. */
  static List<String> compare(PolicyTestCase c, ImageResult r) {
    List<String> problems = new ArrayList<>();
    if (r.decision() != c.expect()) {
      problems.add("decision: expected " + c.expect().label() + ", got " + r.decision().label());
    } else if (c.expect() == Decision.DENY && noPolicyMatched(r)
        && c.checks().stream().noneMatch(e -> e.id().equals("policy.match"))) {
      // a deny that would pass whatever the policies say: the case tests the image glob, not the rules
      problems.add("decision: denied only because no policy matches " + r.reference() + " (policy.match failed); "
          + "point the case at an image the policies cover, or write expect: no-match if that is the point");
    }
    for (PolicyTestCase.ExpectedCheck e : c.checks()) {
      List<Check> found = r.checks().stream().filter(k -> matches(e, k)).toList();
      if (found.isEmpty()) {
        problems.add("check " + e.label() + ": expected " + e.status().label() + ", not in the result (checks: "
            + r.checks().stream().map(PolicyTestRunner::label).distinct().collect(Collectors.joining(", ")) + ")");
      }
      for (Check k : found) {
        if (k.status() != e.status()) {
          problems.add("check " + e.label() + ": expected " + e.status().label() + ", got " + k.status().label()
              + ": " + k.message());
        }
      }
    }
    return problems;
  }

  private static boolean noPolicyMatched(ImageResult r) {
    return r.matchedPolicies().isEmpty()
        && r.checks().stream().anyMatch(k -> k.id().equals("policy.match") && k.status() == Status.FAIL);
  }

  private static boolean matches(PolicyTestCase.ExpectedCheck e, Check k) {
    return e.id().equals(k.id()) && (e.subject() == null || e.subject().equals(k.subject()))
        && (e.policy() == null || e.policy().equals(k.evidence().get("policy")));
  }

  public static String label(Check c) {
    return c.id() + (c.subject() == null ? "" : " [" + c.subject() + "]");
  }
}
