package dev.verdict.policy;

import java.util.List;

/** {@code signatures: {require, from}}: at least {@code require} distinct authorities of {@code from} must sign. */
public record SignatureRule(int require, List<String> from, Location location) {
  public SignatureRule {
    from = List.copyOf(from);
  }
}
