package dev.verdict.sigstore;

public class BundleScratch {
  public static void main(String[] a) throws Exception {
    for (BundleCase c : BundleCase.all()) {
      String got;
      try {
        BundleResult r = c.verify();
        got = "pass " + r.kind();
      } catch (SigstoreVerificationException e) {
        got = "fail " + e.getMessage();
      } catch (Exception e) {
        got = "ERROR " + e;
      }
      boolean ok = got.startsWith(c.expect());
      System.out.println((ok ? "   " : c.expect().equals("impl-defined") ? "?? " : "XX ") + c.expect() + " | " + c.id() + " | " + got);
    }
  }
}
