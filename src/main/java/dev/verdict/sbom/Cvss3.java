package dev.verdict.sbom;

import java.util.HashMap;
import java.util.Map;

/** CVSS v3.0/v3.1 base score from a vector (https://www.first.org/cvss/v3.1/specification-document#7-1). */
final class Cvss3 {
  private Cvss3() {}

  /** The base score, or -1 when {@code vector} is not a complete CVSS 3 vector. */
  static double baseScore(String vector) {
    if (vector == null || !vector.startsWith("CVSS:3.")) {
      return -1;
    }
    Map<String, String> m = new HashMap<>();
    for (String part : vector.split("/")) {
      int colon = part.indexOf(':');
      if (colon > 0) {
        m.put(part.substring(0, colon), part.substring(colon + 1));
      }
    }
    try {
      boolean changed = m.get("S").equals("C");
      double av = pick(m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
      double ac = pick(m.get("AC"), "L", 0.77, "H", 0.44, "-", 0, "-", 0);
      double pr = pick(m.get("PR"), "N", 0.85, "L", changed ? 0.68 : 0.62, "H", changed ? 0.5 : 0.27, "-", 0);
      double ui = pick(m.get("UI"), "N", 0.85, "R", 0.62, "-", 0, "-", 0);
      double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
      double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
      double exploitability = 8.22 * av * ac * pr * ui;
      if (impact <= 0) {
        return 0;
      }
      return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static double cia(String v) {
    return pick(v, "H", 0.56, "L", 0.22, "N", 0, "-", 0);
  }

  private static double pick(String v, String k1, double v1, String k2, double v2, String k3, double v3, String k4,
      double v4) {
    if (v == null) {
      throw new IllegalArgumentException("missing metric");
    }
    if (v.equals(k1)) {
      return v1;
    }
    if (v.equals(k2)) {
      return v2;
    }
    if (v.equals(k3)) {
      return v3;
    }
    if (v.equals(k4)) {
      return v4;
    }
    throw new IllegalArgumentException("bad metric value " + v);
  }

  /** CVSS 3.1 Roundup: the smallest one-decimal number not below the input, robust to float error. */
  private static double roundUp(double d) {
    long i = Math.round(d * 100000);
    return i % 10000 == 0 ? i / 100000.0 : (Math.floor(i / 10000.0) + 1) / 10.0;
  }
}
