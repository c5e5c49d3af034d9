package dev.verdict.oci;

import static dev.verdict.testing.Fuzzing.expect;
import static dev.verdict.testing.Fuzzing.text;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.UndecidableException;

/**
 * Fuzz tests (regression corpus in src/test/resources/dev/verdict/oci/OciParsersFuzzTestInputs/; longer runs with
 * bench/fuzz.sh) for what a registry or a user hands the OCI layer: image references, manifests and indexes.
 */
class OciParsersFuzzTest {

  @FuzzTest
  void parseReference_anyText_referenceOrIllegalArgument(byte[] input) throws Throwable {
    expect(() -> {
      Reference r = Reference.parse(text(input));
      // a parsed reference prints and re-parses to itself: matching sees what was verified
      if (r.layout() == null && !Reference.parse(r.toString()).equals(r)) {
        throw new AssertionError("reference does not round-trip: " + r);
      }
    }, IllegalArgumentException.class);
  }

  @FuzzTest
  void parseManifest_anyBytes_manifestOrUndecidable(byte[] input) throws Throwable {
    for (String mediaType : new String[] {MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST, null}) {
      expect(() -> Manifests.parseManifest(new FetchedManifest(Digest.sha256(input), mediaType, input)),
          UndecidableException.class);
    }
  }

  @FuzzTest
  void parseIndex_anyBytes_indexOrUndecidable(byte[] input) throws Throwable {
    for (String mediaType : new String[] {MediaTypes.OCI_INDEX, MediaTypes.DOCKER_LIST, null}) {
      expect(() -> Manifests.parseIndex(new FetchedManifest(Digest.sha256(input), mediaType, input)),
          UndecidableException.class);
    }
  }
}
