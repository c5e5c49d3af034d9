package dev.verdict.k8s;

import static dev.verdict.testing.Fuzzing.expect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz tests (regression corpus in src/test/resources/dev/verdict/k8s/ManifestsFuzzTestInputs/; longer runs with
 * bench/fuzz.sh) for Kubernetes manifests given to {@code verify --manifests}, as YAML and as JSON. (AdmissionReview
 * requests have no parser yet: there is no webhook to fuzz.)
 */
class ManifestsFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("verdict-manifest-fuzz");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void extract_anyYaml_imagesOrConfigError(byte[] input) throws Throwable {
    extract(input, "fuzz.yaml");
  }

  @FuzzTest
  void extract_anyJson_imagesOrConfigError(byte[] input) throws Throwable {
    extract(input, "fuzz.json");
  }

  private static void extract(byte[] input, String name) throws Throwable {
    Path file = DIR.resolve(name);
    Files.write(file, input);
    try {
      expect(() -> {
        for (ImageOccurrence o : ManifestImages.extract(List.of(file))) {
          if (o.image() == null || o.origin() == null) {
            throw new AssertionError("occurrence without image or origin: " + o);
          }
        }
      }, ConfigException.class);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
