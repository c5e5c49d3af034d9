package dev.verdict.bench;

import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.SignedImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Scale benchmark (bench/scale.sh): wall time and peak RSS of one {@code bin/verdict verify --images-file} process
 * over N distinct signed images in a local CNCF Distribution registry, for each --parallel value. Asserts nothing.
 * Counts and parallelism: {@code -Dcounts=200,500,10000 -Dparallels=1,4,16} (the defaults). With
 * {@code -Dwait.for=FILE} it pushes, then waits for FILE to list the {@code bin/verdict} builds to compare, run
 * one after the other on each count and parallelism.
 */
public final class ScaleBench {
  public static void main(String[] args) throws Exception {
    int[] counts = ints(System.getProperty("counts", "200,500,10000"));
    int[] parallels = ints(System.getProperty("parallels", "1,4,16"));
    int most = java.util.Arrays.stream(counts).max().orElse(0);
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    Path tmp = Files.createTempDirectory("verdict-scale");
    Path pub = Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(key));
    try (RegistryServer registry = RegistryServer.start()) {
      List<String> all = push(registry.host(), key, most);
      List<String> verdicts = new ArrayList<>();
      String waitFor = System.getProperty("wait.for");
      if (waitFor != null) {
        // push once, then compare builds as they become ready: the file lists one bin/verdict per line
        System.out.println("pushed " + most + " images; waiting for " + waitFor);
        while (!Files.exists(Path.of(waitFor))) {
          Thread.sleep(2000);
        }
        Thread.sleep(500);
        Files.readAllLines(Path.of(waitFor)).stream().map(String::trim).filter(l -> !l.isEmpty())
            .forEach(verdicts::add);
      } else {
        verdicts.add(Path.of("bin/verdict").toAbsolutePath().toString());
      }
      System.out.printf("%8s %9s %12s %14s  %s%n", "images", "parallel", "wall ms", "peak RSS MiB", "build");
      for (int n : counts) {
        Path images = Files.write(tmp.resolve("images-" + n + ".txt"), all.subList(0, n));
        for (int p : parallels) {
          for (String verdict : verdicts) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o",
                tmp.resolve("time.txt").toString(), verdict, "verify", "--images-file", images.toString(), "--key",
                pub.toString(), "--parallel", Integer.toString(p), "--format", "json"));
            long t = System.nanoTime();
            Process proc = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int code = proc.waitFor();
            long ms = (System.nanoTime() - t) / 1_000_000;
            String[] time = Files.readString(tmp.resolve("time.txt")).trim().split(" ");
            if (code != 0) {
              throw new IllegalStateException("verify exited " + code);
            }
            System.out.printf("%8d %9d %12d %14d  %s%n", n, p, ms, Long.parseLong(time[time.length - 1]) / 1024,
                verdict);
          }
        }
      }
    }
  }

  /** Pushes {@code count} signed images on a few threads (the registry, not the pusher, is the bottleneck). */
  private static List<String> push(String host, KeyPair key, int count) throws Exception {
    int threads = 4;
    int per = (count + threads - 1) / threads;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<List<String>>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = t * per;
        int to = Math.min(count, from + per);
        parts.add(pool.submit(() -> SignedImages.push(new OciPusher(host), host, key, from, to, 0)));
      }
      List<String> all = new ArrayList<>();
      for (var f : parts) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int[] ints(String csv) {
    return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToInt(Integer::parseInt).toArray();
  }
}
