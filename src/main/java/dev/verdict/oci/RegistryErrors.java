package dev.verdict.oci;

import dev.verdict.UndecidableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/** The one place where HTTP statuses and network failures become verdict exceptions (exit 4). */
final class RegistryErrors {
  private RegistryErrors() {}

  static UndecidableException authFailed(String reference, String registry) {
    return new UndecidableException(reference, "authentication failed for " + registry);
  }

  static UndecidableException mismatch(String reference, Object digest) {
    return new UndecidableException(reference, "registry returned content that does not match " + digest);
  }

  /** A registry's content failing {@link VerifiedContent#check}: wrong digest or size alike, the registry lies. */
  static VerifiedContent.Errors content(String reference) {
    return new VerifiedContent.Errors() {
      @Override
      public UndecidableException wrongDigest(Digest expected, String what) {
        return mismatch(reference, expected);
      }

      @Override
      public UndecidableException wrongSize(Digest expected, String what, long found, long size) {
        return mismatch(reference, expected);
      }
    };
  }

  static UndecidableException tooLarge(String reference, String what, long cap) {
    return new UndecidableException(reference, what + " is larger than " + cap + " bytes; refusing to read it");
  }

  /** A network-level failure talking to {@code registry}. */
  static UndecidableException network(String reference, String registry, IOException e) {
    String msg;
    if (e instanceof HttpConnectTimeoutException) {
      msg = "timed out connecting to registry " + registry;
    } else if (e instanceof HttpTimeoutException || e instanceof java.net.SocketTimeoutException) {
      msg = "registry " + registry + " did not answer in time";
    } else if (e instanceof ConnectException) {
      msg = "cannot connect to registry " + registry + " (connection refused; is it running?)";
    } else if (e instanceof UnknownHostException) {
      msg = "cannot resolve registry host " + registry;
    } else if (e instanceof SSLException) {
      msg = "TLS failure talking to registry " + registry + ": " + e.getMessage()
          + " (trust its CA with an extra CA file, or allow plain HTTP for it)";
    } else {
      msg = "network error talking to registry " + registry + ": " + e.getMessage();
    }
    return new UndecidableException(reference, msg, e);
  }

  static UndecidableException interrupted(String reference, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new UndecidableException(reference, "interrupted", e);
  }

  /** Maps a non-success status; the caller has already handled the statuses it expects (such as 404). */
  static UndecidableException status(String reference, String registry, Transport.Response r, String what) {
    int s = r.status();
    if (s == 401 || s == 403) {
      return authFailed(reference, registry);
    }
    String retried = Transport.retryable(s) ? " (after retries)" : "";
    return new UndecidableException(reference, "registry " + registry + " answered HTTP " + s + " for " + what
        + retried + errorDetail(r));
  }

  private static String errorDetail(Transport.Response r) {
    if (r.body().length == 0) {
      return "";
    }
    // Registries answer {"errors":[{"code":..,"message":..}]}; show the first, never the raw body.
    try {
      var root = Json.tree(r.body());
      var first = root.path("errors").path(0);
      if (first.isObject()) {
        String code = first.path("code").asString("");
        String message = first.path("message").asString("");
        return ": " + (code + " " + message).trim();
      }
    } catch (RuntimeException ignored) {
      // not JSON: fall through to a printable prefix
    }
    String text = new String(r.body(), 0, Math.min(r.body().length, 200), StandardCharsets.UTF_8)
        .replaceAll("[^\\x20-\\x7e]", " ").trim();
    return text.isEmpty() ? "" : ": " + text;
  }
}
