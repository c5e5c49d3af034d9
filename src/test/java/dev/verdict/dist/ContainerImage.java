package dev.verdict.dist;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Builds verdict's container image with Jib (no Docker daemon) from a root file system made by
 * {@code src/image/rootfs.sh}, in three layers (Debian base libraries, the jlinked Java runtime, verdict), runs as
 * user 65532, and pushes it to a registry. {@code bin/image} calls {@link #main}; {@code ContainerImageIT} calls
 * {@link #build}.
 */
public final class ContainerImage {
  /** The image runs java directly: it has no shell for the archive's launcher script. */
  public static final List<String> ENTRYPOINT = List.of("/opt/verdict/runtime/bin/java",
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
      "-cp", "/opt/verdict/lib/verdict.jar", "dev.verdict.cli.Main");
  static final Instant EPOCH_PLUS_ONE = Instant.ofEpochSecond(1);

  private ContainerImage() {}

  /** Usage: ContainerImage ROOTFS IMAGE_REFERENCE [--insecure]; prints the pushed manifest digest. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ContainerImage ROOTFS REGISTRY/REPOSITORY:TAG [--insecure]");
      System.exit(2);
    }
    boolean insecure = args.length > 2 && args[2].equals("--insecure");
    System.out.println(build(Path.of(args[0]), args[1], insecure, Path.of("target/jib-cache"), true));
  }

  /** Builds from {@code rootfs}, pushes to {@code reference} and returns the manifest digest (sha256:...). */
  public static String build(Path rootfs, String reference, boolean insecure, Path cache) throws Exception {
    return build(rootfs, reference, insecure, cache, false);
  }

  static String build(Path rootfs, String reference, boolean insecure, Path cache, boolean dockerConfig)
      throws Exception {
    rootfs = rootfs.toAbsolutePath().normalize();
    Path opt = rootfs.resolve("opt/verdict");
    Path runtime = opt.resolve("runtime");
    FileEntriesLayer base = layer("debian-base", rootfs, p -> !p.startsWith(opt));
    FileEntriesLayer java = layer("java-runtime", rootfs, p -> p.startsWith(runtime));
    FileEntriesLayer app = layer("verdict", rootfs, p -> p.startsWith(opt) && !p.startsWith(runtime));
    RegistryImage image = RegistryImage.named(reference);
    if (dockerConfig) {
      image.addCredentialRetriever(CredentialRetrieverFactory.forImage(ImageReference.parse(reference), e -> { })
          .dockerConfig());
    }
    Containerizer to = Containerizer.to(image)
        .setAllowInsecureRegistries(insecure)
        .setBaseImageLayersCache(cache.resolve("base"))
        .setApplicationLayersCache(cache.resolve("app"))
        .setToolName("verdict-image");
    JibContainer built = Jib.fromScratch()
        .setFormat(ImageFormat.OCI)
        .setFileEntriesLayers(List.of(base, java, app))
        .setEntrypoint(ENTRYPOINT)
        .setUser("65532:65532")
        .setWorkingDirectory(AbsoluteUnixPath.get("/home/nonroot"))
        .setEnvironment(Map.of("HOME", "/home/nonroot", "VERDICT_CACHE_DIR", "/tmp/verdict"))
        .setLabels(Map.of("org.opencontainers.image.title", "verdict"))
        .containerize(to);
    return built.getDigest().toString();
  }

  /**
   * One layer of every file under {@code rootfs} that {@code include} accepts, with its mode kept. A symbolic link
   * becomes a copy of what it names inside {@code rootfs} (never of the build machine's file of that name).
   */
  static FileEntriesLayer layer(String name, Path rootfs, Predicate<Path> include) throws IOException {
    FileEntriesLayer.Builder b = FileEntriesLayer.builder().setName(name);
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> s = Files.walk(rootfs)) {
      s.filter(p -> !p.equals(rootfs)).filter(include).sorted().forEach(paths::add);
    }
    for (Path p : paths) {
      Path source = inside(rootfs, p);
      if (source == null) {
        continue; // a dangling link: nothing the image could use
      }
      AbsoluteUnixPath target = AbsoluteUnixPath.get("/" + rootfs.relativize(p).toString().replace('\\', '/'));
      FilePermissions mode = FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
      if (Files.isDirectory(source) && Files.isSymbolicLink(p)) {
        continue; // links to directories are not needed by the runtime's loader
      }
      b.addEntry(source, target, mode, EPOCH_PLUS_ONE);
    }
    return b.build();
  }

  /** Resolves {@code p} (possibly a chain of links, absolute or relative) within {@code rootfs}. */
  static Path inside(Path rootfs, Path p) throws IOException {
    Path current = p;
    for (int hops = 0; hops < 16; hops++) {
      if (!Files.isSymbolicLink(current)) {
        return Files.exists(current, LinkOption.NOFOLLOW_LINKS) ? current : null;
      }
      Path target = Files.readSymbolicLink(current);
      current = target.isAbsolute()
          ? rootfs.resolve(target.toString().substring(1)).normalize()
          : current.getParent().resolve(target).normalize();
      if (!current.startsWith(rootfs)) {
        return null;
      }
    }
    return null;
  }
}
