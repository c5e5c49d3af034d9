package dev.verdict.sigstore;

import java.util.regex.Pattern;

/**
 * An exact string or an anchored regular expression (whole-value match, as cosign's {@code --*-regexp} flags are
 * used in practice): exactly one of {@code exact} and {@code regexp} is set.
 */
public record StringMatch(String exact, Pattern regexp) {
  public StringMatch {
    if ((exact == null) == (regexp == null)) {
      throw new IllegalArgumentException("exactly one of exact and regexp must be set");
    }
  }

  public static StringMatch exact(String value) {
    return new StringMatch(value, null);
  }

  public static StringMatch regexp(String pattern) {
    return new StringMatch(null, Pattern.compile(pattern));
  }

  public boolean matches(String value) {
    if (value == null) {
      return false;
    }
    return exact != null ? exact.equals(value) : regexp.matcher(value).matches();
  }

  @Override
  public String toString() {
    return exact != null ? exact : "~/" + regexp.pattern() + "/";
  }
}
