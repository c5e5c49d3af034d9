package dev.verdict.policy;

import dev.verdict.oci.Reference;
import dev.verdict.policy.SignedIdentity.Kind;
import dev.verdict.policy.SignedIdentity.Remap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code spec.signedIdentity}: {@code repository} (default), {@code exact}, {@code any}, or
 * {@code {remap: [{from, signedAs}]}}, as containers/image's
 * <a href="https://github.com/containers/image/blob/main/docs/containers-policy.json.5.md">signedIdentity</a>.
 */
final class SignedIdentityReader {
  private static final Map<String, SignedIdentity> NAMED = new LinkedHashMap<>();

  static {
    NAMED.put("repository", SignedIdentity.REPOSITORY);
    NAMED.put("exact", new SignedIdentity(Kind.EXACT, List.of()));
    NAMED.put("any", new SignedIdentity(Kind.ANY, List.of()));
  }

  private SignedIdentityReader() {}

  /** The signed identity, or null after an error. */
  static SignedIdentity read(YamlMap spec) {
    if (!spec.has("signedIdentity")) {
      return SignedIdentity.REPOSITORY;
    }
    Node n = spec.get("signedIdentity");
    String field = spec.field("signedIdentity");
    if (!(n instanceof MappingNode)) {
      SignedIdentity s = spec.choice("signedIdentity", withRemap());
      if (s != null && s.kind() == Kind.ANY) {
        spec.src.warn(n, field, "any accepts a signature made for any image, so one signed image vouches for "
            + "another (use repository, or remap for mirrors)");
      }
      if (s != null && s.kind() == Kind.REMAP) {
        spec.src.error(n, field, "remap takes a list (write signedIdentity: {remap: [{from: ..., signedAs: ...}]})");
        return null;
      }
      return s;
    }
    YamlMap m = YamlMap.of(spec.src, n, field);
    m.allow("remap");
    List<Node> items = m.require("remap", "a list of {from, signedAs}") ? m.list("remap", false) : null;
    if (items == null) {
      return null;
    }
    int before = spec.src.errorCount();
    List<Remap> remaps = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMap r = YamlMap.of(spec.src, items.get(i), m.field("remap") + "[" + i + "]");
      if (r == null) {
        continue;
      }
      r.allow("from", "signedAs");
      String from = r.require("from", "the prefix images are pulled from, e.g. mirror.corp/hub/")
          ? r.string("from") : null;
      String signedAs = r.require("signedAs", "the prefix they were signed as, e.g. docker.io/")
          ? r.string("signedAs") : null;
      from = from == null ? null : prefix(r, "from", from, true);
      signedAs = signedAs == null ? null : prefix(r, "signedAs", signedAs, false);
      if (from != null && signedAs != null) {
        remaps.add(new Remap(from, signedAs));
      }
    }
    return spec.src.errorCount() == before ? new SignedIdentity(Kind.REMAP, remaps) : null;
  }

  /** The canonical prefix, or null after an error naming the field. */
  private static String prefix(YamlMap r, String key, String value, boolean layouts) {
    try {
      return Reference.canonicalPrefix(value, layouts);
    } catch (IllegalArgumentException e) {
      r.src.error(r.get(key), r.field(key), "remap prefix " + e.getMessage());
      return null;
    }
  }

  private static Map<String, SignedIdentity> withRemap() {
    Map<String, SignedIdentity> m = new LinkedHashMap<>(NAMED);
    m.put("{remap: [...]}", new SignedIdentity(Kind.REMAP, List.of()));
    return m;
  }
}
