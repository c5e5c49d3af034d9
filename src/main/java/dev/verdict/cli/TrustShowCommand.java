package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.report.ExitCode;
import dev.verdict.sigstore.TrustedRoot;
import dev.verdict.trust.TrustCache;
import dev.verdict.trust.TrustRoots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code verdict trust show}: what a trusted root trusts, with validity windows. Offline. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Lists what a Sigstore trusted root trusts: certificate authorities (Fulcio), transparency logs "
        + "(Rekor), CT logs and timestamp authorities, each with its validity window.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:usage error", "3:invalid trusted root, or no cached trust root",
        "4:cached TUF metadata expired and --require-fresh-trust"})
final class TrustShowCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--trusted-root", paramLabel = "FILE|tuf", converter = TrustedRootOption.class,
      description = "The trusted root to show (default: tuf, the cached one).")
  Path trustedRoot = TrustCache.TUF;

  @Option(names = "--require-fresh-trust", description = "Expired TUF metadata is an error (exit 4).")
  boolean requireFreshTrust;

  @Option(names = {"-o", "--format"}, paramLabel = "text|json", description = "Output format (default: text).")
  String format = "text";

  @Option(names = "--debug", description = "Stack traces on errors.")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format must be text or json, not " + format);
    }
    TrustRoots roots = TrustRoots.of(requireFreshTrust);
    TrustedRoot root = roots.get(trustedRoot);
    TrustedRootOption.warn(spec.commandLine(), roots.warnings());
    PrintWriter out = spec.commandLine().getOut();
    String source = TrustRoots.isTuf(trustedRoot) ? root.source() + " (TUF cache)" : root.source();
    Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
    sections.put("certificateAuthorities", authorities(root.certificateAuthorities()));
    sections.put("tlogs", logs(root.tlogs()));
    sections.put("ctlogs", logs(root.ctlogs()));
    sections.put("timestampAuthorities", authorities(root.timestampAuthorities()));
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("source", source);
      doc.putAll(sections);
      out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      out.flush();
      return ExitCode.ALLOW;
    }
    out.println("Trusted root: " + source);
    Map<String, String> titles = Map.of("certificateAuthorities", "Certificate authorities (Fulcio)",
        "tlogs", "Transparency logs (Rekor)", "ctlogs", "Certificate transparency logs",
        "timestampAuthorities", "Timestamp authorities");
    sections.forEach((key, items) -> {
      out.println();
      out.println(titles.get(key) + ": " + items.size());
      for (Map<String, Object> item : items) {
        out.println("  " + item.get("name"));
        out.println("    valid:   " + item.get("validFrom") + " .. " + item.get("validUntil"));
        item.forEach((k, v) -> {
          if (!List.of("name", "validFrom", "validUntil").contains(k)) {
            out.printf("    %-8s %s%n", k + ":", v);
          }
        });
      }
    });
    out.flush();
    return ExitCode.ALLOW;
  }

  private static List<Map<String, Object>> authorities(List<TrustedRoot.Authority> list) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TrustedRoot.Authority a : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", a.describe());
      window(m, a.start(), a.end());
      List<String> chain = new ArrayList<>();
      for (X509Certificate c : a.chain()) {
        chain.add(c.getSubjectX500Principal().getName() + " [" + c.getNotBefore().toInstant() + " .. "
            + c.getNotAfter().toInstant() + "]");
      }
      m.put("chain", chain);
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> logs(List<TrustedRoot.Log> list) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TrustedRoot.Log l : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", l.baseUrl() == null ? "(no base URL)" : l.baseUrl());
      window(m, l.start(), l.end());
      m.put("logId", l.logIdHex());
      m.put("key", l.keyDetails());
      out.add(m);
    }
    return out;
  }

  private static void window(Map<String, Object> m, Instant start, Instant end) {
    m.put("validFrom", start.equals(Instant.EPOCH) ? "always" : start.toString());
    m.put("validUntil", end == null ? "open" : end.toString());
  }
}
