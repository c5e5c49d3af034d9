package dev.verdict.sigstore;

import java.util.List;

/**
 * Prints how long verifying all cases of cases.jsonl takes in one process (cold, then warm). Not a test:
 * {@code java -cp target/classes:target/test-classes:$(deps) dev.verdict.sigstore.BundleBench}.
 */
public final class BundleBench {
  private BundleBench() {}

  public static void main(String[] args) throws Exception {
    List<BundleCase> cases = BundleCase.all();
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      int verified = 0;
      for (BundleCase c : cases) {
        try {
          c.verify();
          verified++;
        } catch (SigstoreVerificationException e) {
          // expected for fail cases
        }
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("round %d: %d bundles (%d verified) in %d ms (%.1f ms/bundle, trusted roots re-read each)%n",
          round, cases.size(), verified, ms, (double) ms / cases.size());
    }
  }
}
