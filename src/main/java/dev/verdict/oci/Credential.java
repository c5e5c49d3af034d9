package dev.verdict.oci;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry login: user name and password (or a helper's secret). Never printed. */
record Credential(String username, String password) {
  String basicHeader() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credential[" + username + ", ***]";
  }
}
