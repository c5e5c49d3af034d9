package dev.verdict.policy;

import dev.verdict.oci.Reference;
import java.util.List;

/**
 * How the {@code docker-reference} in a signature payload must relate to the image (containers/image's
 * {@code signedIdentity}): same repository (default), exactly the reference, anything, or a remapped prefix.
 */
public record SignedIdentity(Kind kind, List<Remap> remaps) {
  public static final SignedIdentity REPOSITORY = new SignedIdentity(Kind.REPOSITORY, List.of());

  public enum Kind { REPOSITORY, EXACT, ANY, REMAP }

  /**
   * Images at or under {@code from} were signed as {@code signedAs} + the rest of the name. Both are repository-name
   * prefixes matched by whole path components ({@code REG/team} covers {@code REG/team/app}, never
   * {@code REG/team-evil/app}), stored canonical ({@link Reference#canonicalPrefix}); {@code from} may be an
   * {@code oci:PATH} layout. Throws {@link IllegalArgumentException} naming the bad prefix.
   */
  public record Remap(String from, String signedAs) {
    public Remap {
      from = Reference.canonicalPrefix(from, true);
      signedAs = Reference.canonicalPrefix(signedAs, false);
    }
  }

  public SignedIdentity {
    remaps = List.copyOf(remaps);
  }
}
