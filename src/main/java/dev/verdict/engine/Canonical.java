package dev.verdict.engine;

import dev.verdict.policy.Location;
import dev.verdict.sigstore.PublicKeyVerifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The canonical text of a parsed policy model, for the policy-set fingerprint: what the policy means, not how its
 * YAML was written. Records are written component by component in declaration order; lists keep their order
 * (first-match and k-of-n lists may depend on it); maps and sets, whose order never changes a decision, are sorted.
 * Where a value was written is left out (line and column; the file is kept, as results name it), and so is what is
 * derived from a written value (a compiled CEL program beside its expression, a version range beside its text). A key is its public key's fingerprint.
 * A value of a type not listed here fails: a {@code toString} could hold an identity hash and make every open look
 * new, or hide a field.
 */
final class Canonical {
  private Canonical() {}

  static String of(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      quote(s, out);
    } else if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof Enum<?> e) {
      quote(e.name(), out);
    } else if (v instanceof Path || v instanceof Duration || v instanceof Instant || v instanceof LocalDate) {
      quote(v.toString(), out);
    } else if (v instanceof Pattern p) {
      quote("/" + p.pattern() + "/" + p.flags(), out);
    } else if (v instanceof PublicKeyVerifier k) {
      quote("key " + k.fingerprint(), out);
    } else if (v instanceof Location l) {
      quote(String.valueOf(l.file()), out);
    } else if (v instanceof dev.verdict.sbom.PackageRule r) {
      quote(r.text(), out); // its purl and range are parsed from the text, so the text is the whole rule
    } else if (v instanceof Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      m.forEach((k, x) -> entries.add(of(k) + ":" + of(x)));
      entries.sort(null);
      out.append('{').append(String.join(",", entries)).append('}');
    } else if (v instanceof Set<?> s) {
      List<String> items = new ArrayList<>();
      s.forEach(x -> items.add(of(x)));
      items.sort(null);
      out.append('[').append(String.join(",", items)).append(']');
    } else if (v instanceof Collection<?> c) {
      out.append('[');
      boolean first = true;
      for (Object x : c) {
        out.append(first ? "" : ",");
        write(x, out);
        first = false;
      }
      out.append(']');
    } else if (v instanceof Record r) {
      record(r, out);
    } else if (v instanceof dev.verdict.attestation.CompiledCondition) {
      out.append("null"); // derived from the expression written beside it
    } else {
      throw new IllegalStateException("no canonical form for " + v.getClass().getName());
    }
  }

  private static void record(Record r, StringBuilder out) {
    out.append('{');
    quote(r.getClass().getSimpleName(), out);
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object value;
      try {
        var accessor = c.getAccessor();
        accessor.setAccessible(true);
        value = accessor.invoke(r);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
      }
      out.append(',');
      quote(c.getName(), out);
      out.append(':');
      write(value, out);
    }
    out.append('}');
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    out.append('"');
  }
}
