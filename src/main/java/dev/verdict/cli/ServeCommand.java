package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.ConfigException;
import dev.verdict.serve.Webhook;
import dev.verdict.serve.WebhookConfigurations;
import java.io.PrintStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verdict serve}: the Kubernetes admission webhook backend (WEBHOOK.md). Runs until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve AdmissionReview (admission.k8s.io/v1) over HTTPS: POST /validate decides, POST /mutate pins "
        + "tags to digests; GET /livez, /readyz, /metrics on the metrics listener.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"143:stopped by SIGTERM, after the drain period", "2:usage error",
        "3:invalid policy, TLS file or configuration", "4:trust material unusable"})
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB|GiB)?");
  private static final Pattern ADDRESS = Pattern.compile("(.*):(\\d{1,5})");

  @Mixin
  WebhookFlags flags = new WebhookFlags();

  @Option(names = "--tls-cert", paramLabel = "PEM",
      description = "Serving certificate chain (PEM), e.g. tls.crt of a cert-manager Secret.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM",
      description = "Its private key (PEM: PKCS#8, PKCS#1 or SEC1; RSA or EC).")
  Path tlsKey;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "HTTPS listener (default :8443).")
  String listen = ":8443";

  @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
      description = "Plain listener for /livez, /readyz, /metrics (default :9090).")
  String metricsListen = ":9090";

  @Option(names = "--cache-ttl", paramLabel = "DURATION",
      description = "Longest life of a cached allow (default 15m; an exception's expiry or maxAge ends it sooner).")
  String cacheTtl = "15m";

  @Option(names = "--cache-negative-ttl", paramLabel = "DURATION",
      description = "Life of a cached definitive deny (default 20s).")
  String negativeTtl = "20s";

  @Option(names = "--tag-cache-ttl", paramLabel = "DURATION",
      description = "Life of a tag-to-digest resolution (default 30s).")
  String tagCacheTtl = "30s";

  @Option(names = "--timeout-margin", paramLabel = "DURATION",
      description = "Kept back from the apiserver's ?timeout= (default max(1s, 10%%)).")
  String timeoutMargin;

  @Option(names = "--drain", paramLabel = "DURATION",
      description = "After SIGTERM: readiness false, keep serving this long, then stop (default 10s).")
  String drain = "10s";

  @Option(names = "--max-body", paramLabel = "SIZE", description = "Largest request body (default 8MiB).")
  String maxBody = "8MiB";

  @Option(names = "--threads", paramLabel = "N", description = "Request threads (default 64).")
  int threads = 64;

  @Option(names = "--print-webhook-config",
      description = "Print the Validating- and MutatingWebhookConfiguration this server expects (YAML) and exit.")
  boolean printWebhookConfig;

  @Option(names = "--service", paramLabel = "NAME",
      description = "With --print-webhook-config: the Service in front of verdict (default verdict).")
  String service = "verdict";

  @Option(names = "--namespace", paramLabel = "NAME",
      description = "With --print-webhook-config: its namespace (default verdict-system).")
  String namespace = "verdict-system";

  @Option(names = "--ca-bundle", paramLabel = "PEM",
      description = "With --print-webhook-config: the CA that signs the serving certificate (default: cert-manager "
          + "injects it).")
  Path caBundle;

  @Mixin
  DebugOption debug = new DebugOption();

  @Spec
  CommandSpec spec;

  private final PrintStream out;

  ServeCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws VerdictException, IOException, InterruptedException {
    if (printWebhookConfig) {
      return printWebhookConfig();
    }
    if (tlsCert == null || tlsKey == null) {
      throw new UsageException("--tls-cert and --tls-key are required");
    }
    if (threads < 1 || threads > 1024) {
      throw new UsageException("--threads must be between 1 and 1024");
    }
    Webhook.Settings settings = new Webhook.Settings(flags.loader(), flags.trust.trustedRoot, tlsCert, tlsKey,
        address(listen, "--listen"), address(metricsListen, "--metrics-listen"), size(maxBody, "--max-body"),
        timeoutMargin == null ? null : Durations.parse(timeoutMargin, "--timeout-margin"),
        Durations.parse(drain, "--drain"), Durations.parse(cacheTtl, "--cache-ttl"),
        Durations.parse(negativeTtl, "--cache-negative-ttl"), Durations.parse(tagCacheTtl, "--tag-cache-ttl"),
        threads, flags.warnOnly(), Version.get());
    PrintWriter err = spec.commandLine().getErr();
    java.util.function.Consumer<String> log = line -> {
      synchronized (err) {
        err.println(line);
        err.flush();
      }
    };
    Webhook webhook = Webhook.start(settings, out, log, w -> TrustedRootOption.warn(spec.commandLine(), w));
    Runtime.getRuntime().addShutdownHook(new Thread(webhook::drainAndStop, "verdict-drain"));
    webhook.awaitStop();
    return 0;
  }

  private int printWebhookConfig() throws ConfigException, UsageException {
    WebhookConfigurations.Options o;
    try {
      o = WebhookConfigurations.Options.of(service, namespace);
      if (caBundle != null) {
        String pem;
        try {
          pem = java.nio.file.Files.readString(caBundle, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
          throw new ConfigException(caBundle, "cannot read the CA bundle: " + e.getMessage(), e);
        }
        try {
          o = o.withCaBundle(pem);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(caBundle, e.getMessage());
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException("--service/--namespace: " + e.getMessage());
    }
    out.print(WebhookConfigurations.yaml(o));
    out.flush();
    return 0;
  }


  static InetSocketAddress address(String text, String option) throws UsageException {
    Matcher m = ADDRESS.matcher(text == null ? "" : text.trim());
    if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
      throw new UsageException(option + " '" + text + "': expected HOST:PORT or :PORT");
    }
    String host = m.group(1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(m.group(2));
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  static long size(String text, String option) throws UsageException {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new UsageException(option + " '" + text + "': expected a size such as 8MiB, 512KiB or 1048576");
    }
    long n = Long.parseLong(m.group(1));
    long unit = m.group(2) == null || m.group(2).equals("B") ? 1 : m.group(2).equals("KiB") ? 1024
        : m.group(2).equals("MiB") ? 1L << 20 : 1L << 30;
    long bytes = n * unit;
    if (bytes < 1024 || bytes > (1L << 30)) {
      throw new UsageException(option + " must be between 1KiB and 1GiB");
    }
    return bytes;
  }
}
