package dev.verdict.k8s;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.StandardInput;
import dev.verdict.result.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Images referenced by Kubernetes objects: from manifest files ({@code --manifests}: plain, {@code helm template} or
 * {@code kustomize build} output) and from single objects (an AdmissionReview's {@code request.object}).
 *
 * @see <a href="https://kubernetes.io/docs/concepts/workloads/">Kubernetes workloads</a>
 */
public final class ManifestImages {
  private ManifestImages() {}

  /**
   * Every image in {@code paths} (files, or directories searched recursively for {@code *.yaml}, {@code *.yml},
   * {@code *.json}), in file, document and field order, each with file, line of its value, document index and path.
   * Objects that hold no image (Services, ConfigMaps...) contribute nothing; see {@link PodSpecWalker} for where
   * images are looked for.
   *
   * @throws ConfigException a path is missing or unreadable, a file is not valid YAML/JSON, or an object holds an
   *     image verdict cannot read (a container without an image, containers that are not a list, a kind-less item of
   *     a {@code kind: List}, an {@code image} field that is not a reference); the message names file and line
   */
  public static List<ImageOccurrence> extract(List<Path> paths) throws ConfigException {
    return extract(paths, null);
  }

  /**
   * {@link #extract(List)}, where a path {@code -} is {@code stdin}, read once and named {@code <stdin>}: JSON when
   * its first character other than white space is <code>{</code> or {@code [}, YAML otherwise.
   *
   * @throws ConfigException also when {@code -} is given and {@code stdin} is null or cannot be read
   */
  public static List<ImageOccurrence> extract(List<Path> paths, InputStream stdin) throws ConfigException {
    List<ImageOccurrence> all = new ArrayList<>();
    for (Path file : ManifestFiles.expand(paths)) {
      List<LocatedDocument> documents;
      String name;
      if (StandardInput.is(file)) {
        name = StandardInput.LABEL;
        documents = fromStdin(stdin);
      } else {
        name = file.toString();
        documents = ManifestFiles.read(file);
      }
      for (LocatedDocument document : documents) {
        all.addAll(fromDocument(name, document));
      }
    }
    return all;
  }

  /**
   * The documents of one file (JSON by its {@code .json} name, else YAML), read with the manifest reader's limits
   * (size, depth, duplicate keys); empty documents are left out. For {@code verdict admission review}.
   *
   * @throws ConfigException the file is missing, unreadable or not valid JSON/YAML
   */
  public static List<JsonNode> documents(Path file) throws ConfigException {
    List<JsonNode> out = new ArrayList<>();
    for (LocatedDocument d : ManifestFiles.read(file)) {
      if (!d.root().isNull()) {
        out.add(d.root());
      }
    }
    return out;
  }

  private static List<LocatedDocument> fromStdin(InputStream stdin) throws ConfigException {
    if (stdin == null) {
      throw new ConfigException(StandardInput.LABEL, 0, 0, null, "standard input is not available here");
    }
    byte[] bytes;
    try {
      bytes = InputFiles.read(stdin, YamlDocuments.MAX_CODE_POINTS);
    } catch (IOException e) {
      throw new ConfigException(StandardInput.LABEL, 0, 0, null, "cannot read: " + InputFiles.reason(e), e);
    }
    int first = 0;
    while (first < bytes.length && Character.isWhitespace(bytes[first])) {
      first++;
    }
    boolean json = first < bytes.length && (bytes[first] == '{' || bytes[first] == '[');
    return json ? JsonDocuments.read(StandardInput.LABEL, bytes) : YamlDocuments.read(StandardInput.LABEL, bytes);
  }

  /**
   * Images of one Kubernetes object given as a JSON tree, with paths relative to it (see
   * {@link ImageOccurrence#jsonPointer()}). Line and document are 0.
   *
   * @param kind the object's kind (an admission request's {@code kind.kind}); null to read the object's own
   *     {@code kind} field
   * @param source what the object is, for messages and {@link Origin#file()} (e.g. {@code admission:<uid>})
   * @throws ConfigException the object or a workload's pod spec is malformed
   */
  public static List<ImageOccurrence> fromPodSpecHolder(JsonNode object, String kind, String source)
      throws ConfigException {
    List<ImageOccurrence> out = new ArrayList<>();
    try {
      for (PodSpecWalker.Found found : PodSpecWalker.walk(object, kind)) {
        out.add(new ImageOccurrence(found.image(), new Origin(source, 0, 0, JsonPointers.toDotted(found.pointer()),
            found.pointer())));
      }
    } catch (PodSpecWalker.MalformedException e) {
      throw new ConfigException(source, 0, 0, field(e.pointer), e.getMessage());
    }
    return out;
  }

  /** {@link #fromPodSpecHolder(JsonNode, String, String)} with the object's own {@code kind} field. */
  public static List<ImageOccurrence> fromPodSpecHolder(JsonNode object, String source) throws ConfigException {
    return fromPodSpecHolder(object, null, source);
  }

  /**
   * Occurrences grouped by image reference as written, in first-seen order: each image is verified once and its
   * result reported at every place it occurs.
   */
  public static Map<String, List<Origin>> byImage(List<ImageOccurrence> occurrences) {
    Map<String, List<Origin>> grouped = new LinkedHashMap<>();
    for (ImageOccurrence o : occurrences) {
      grouped.computeIfAbsent(o.image(), k -> new ArrayList<>()).add(o.origin());
    }
    grouped.replaceAll((k, v) -> List.copyOf(v));
    return java.util.Collections.unmodifiableMap(grouped);
  }

  private static List<ImageOccurrence> fromDocument(String name, LocatedDocument document) throws ConfigException {
    if (document.root().isNull()) {
      return List.of(); // an empty document, e.g. between two "---" or a template that rendered nothing
    }
    List<ImageOccurrence> out = new ArrayList<>();
    try {
      for (PodSpecWalker.Found found : PodSpecWalker.walk(document.root(), null)) {
        if (HelmHint.isTemplate(found.image())) {
          throw new ConfigException(name, document.lineOf(found.pointer()), 0, JsonPointers.toDotted(found.pointer()),
              HelmHint.HINT);
        }
        Origin origin = new Origin(name, document.lineOf(found.pointer()), document.index(),
            JsonPointers.toDotted(found.pointer()), found.pointer());
        out.add(new ImageOccurrence(found.image(), origin));
      }
    } catch (PodSpecWalker.MalformedException e) {
      throw new ConfigException(name, document.lineOf(e.pointer), 0, field(e.pointer),
          e.getMessage() + " (document " + document.index() + ")");
    }
    return out;
  }

  private static String field(String pointer) {
    return pointer.isEmpty() ? null : JsonPointers.toDotted(pointer);
  }
}
