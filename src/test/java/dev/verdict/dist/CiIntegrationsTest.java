package dev.verdict.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The pre-commit hooks and the GitHub Action call the command line as it is: each hook's entry runs on a file it
 * selects with the documented outcome, and every verdict flag the action passes is one {@code verify} accepts.
 */
class CiIntegrationsTest {
  static final ObjectMapper YAML = YAMLMapper.builder().build();

  static JsonNode hook(String id) throws Exception {
    for (JsonNode h : YAML.readTree(Files.readString(Path.of(".pre-commit-hooks.yaml")))) {
      if (h.get("id").asString().equals(id)) {
        return h;
      }
    }
    throw new AssertionError("no hook " + id);
  }

  static Cli.Result runHook(JsonNode hook, String... args) {
    List<String> cmd = new ArrayList<>(List.of(hook.get("entry").asString().split(" ")));
    assertEquals("verdict", cmd.remove(0));
    cmd.addAll(List.of(args));
    return Cli.run(cmd.toArray(String[]::new));
  }

  static boolean selects(JsonNode hook, String path) {
    boolean in = Pattern.compile(hook.get("files").asString()).matcher(path).find();
    JsonNode ex = hook.get("exclude");
    return in && (ex == null || !Pattern.compile(ex.asString()).matcher(path).find());
  }

  @Test
  void policyLintHook_selectsPoliciesNotTests_andFailsABrokenOne() throws Exception {
    JsonNode h = hook("verdict-policy-lint");
    assertTrue(selects(h, "policies/key-signed.yaml"));
    assertTrue(selects(h, "deploy/policy/prod.yml"));
    assertFalse(selects(h, "policies/tests/key-signed.test.yaml"));
    assertFalse(selects(h, "charts/app/values.yaml"));
    assertEquals(0, runHook(h, "policies/key-signed.yaml").code());
    assertEquals(3, runHook(h, "testdata/policy/bad/unknown-field.yaml").code());
  }

  @Test
  void sbomCheckHook_selectsSbomFiles_andDeniesAViolation() throws Exception {
    JsonNode h = hook("verdict-sbom-check");
    for (String name : List.of("bom.json", "app.cdx.json", "app.spdx.json", "dist/app-sbom.json", "x.spdx")) {
      assertTrue(selects(h, name), name);
    }
    assertFalse(selects(h, "package.json"));
    assertFalse(selects(h, "tsconfig.json"));
    assertEquals(0, runHook(h, "testdata/sbom/shop-web.clean.cdx.json", "--deny-license", "AGPL-3.0-only").code());
    assertEquals(1, runHook(h, "testdata/sbom/shop-web.agpl.cdx.json", "--deny-license", "AGPL-3.0-only").code());
  }

  @Test
  void githubAction_passesOnlyFlagsThatVerifyAccepts() throws Exception {
    JsonNode action = YAML.readTree(Files.readString(Path.of("action.yml")));
    String run = null;
    for (JsonNode step : action.get("runs").get("steps")) {
      if ("verify".equals(step.path("id").asString(""))) {
        run = step.get("run").asString();
      }
    }
    assertTrue(run != null && run.contains("bin/verdict\" verify"), "no verify step");
    String help = Cli.run("verify", "--help").out();
    Matcher m = Pattern.compile("(?<![\\w-])(--?[a-z][a-z-]*)").matcher(run.replaceAll("set \\+e", ""));
    int flags = 0;
    while (m.find()) {
      String flag = m.group(1);
      if (flag.equals("-n") || flag.equals("-r") || flag.equals("-a")) {
        continue; // bash's own (test -n, read -r -a)
      }
      flags++;
      assertTrue(Pattern.compile("(?<![\\w-])" + Pattern.quote(flag) + "(?![\\w-])").matcher(help).find(),
          "verify does not accept " + flag);
    }
    assertTrue(flags >= 4, "found only " + flags + " flags");
    assertEquals(0, Cli.run("verify", "oci:testdata/layouts/hello", "--policy", "policies/key-signed.yaml",
        "-o", "github", "--format", "sarif=" + Files.createTempFile("v", ".sarif")).code());
  }
}
