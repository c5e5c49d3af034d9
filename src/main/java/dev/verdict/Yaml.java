package dev.verdict;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Composes YAML (policies, policy tests, Kubernetes manifests) with snakeyaml-engine, which bounds aliases but not
 * nesting: its composer recurses once per level, so {@code a: [[[[...} 100,000 deep overflowed the stack. The
 * event parser keeps its own stack, so the depth is checked on the events first and the composer never sees more.
 */
public final class Yaml {
  /** Far deeper than any policy or manifest (a CRD schema is some tens of levels), far below the stack's limit. */
  public static final int MAX_DEPTH = 200;

  private Yaml() {}

  /**
   * The documents of {@code text}; a document nested deeper than {@link #MAX_DEPTH} is a
   * {@link org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException} at the collection that goes too deep,
   * as any other YAML error.
   */
  public static Iterable<Node> composeAll(String text, LoadSettings settings) {
    int depth = 0;
    for (Event e : new Parse(settings).parseString(text)) {
      Event.ID id = e.getEventId();
      if (id == Event.ID.SequenceStart || id == Event.ID.MappingStart) {
        if (++depth > MAX_DEPTH) {
          throw new ComposerException("", Optional.empty(), "nested more than " + MAX_DEPTH + " levels deep",
              e.getStartMark());
        }
      } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
        depth--;
      }
    }
    return new Compose(settings).composeAllFromString(text);
  }
}
