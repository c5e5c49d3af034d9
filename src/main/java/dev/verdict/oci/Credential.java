package dev.verdict.oci;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A registry login: user name and password (or a helper's secret), or an identity token (an OAuth2 refresh token,
 * docker's {@code identitytoken}, a helper's {@code <token>} user) for the registry's token service. Never printed.
 */
record Credential(String username, String password, String identityToken) {
  /** docker's and the credential helpers' user name for an identity token. */
  static final String TOKEN_USER = "<token>";

  Credential(String username, String password) {
    this(username, password, null);
  }

  static Credential identityToken(String token) {
    return new Credential(TOKEN_USER, null, token);
  }

  boolean isIdentityToken() {
    return identityToken != null;
  }

  String basicHeader() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credential[" + username + ", ***" + (identityToken == null ? "" : ", identity token") + "]";
  }
}
