package dev.verdict.attestation;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;

/** The CEL environment, built once on first use (holder idiom) so loading it is deferred until a condition exists. */
final class CelEngine {
  static final List<String> VARIABLES = List.of("predicate", "statement", "image", "signer");

  private CelEngine() {}

  private static final class Holder {
    static final CelOptions OPTIONS = CelOptions.current()
        .comprehensionMaxIterations(CelConditions.MAX_ITERATIONS)
        .maxRegexProgramSize(10_000)
        .build();
    static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("predicate", SimpleType.DYN)
        .addVar("statement", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .addVar("image", MapType.create(SimpleType.STRING, SimpleType.STRING))
        .addVar("signer", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .setResultType(SimpleType.BOOL)
        .build();
    static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
  }

  static CompiledCondition compile(String expr) {
    try {
      var ast = Holder.COMPILER.compile(expr).getAst();
      return new CelCondition(expr, Holder.RUNTIME.createProgram(ast));
    } catch (CelValidationException e) {
      List<CelIssue> issues = e.getErrors();
      if (issues.isEmpty()) {
        throw new ConditionSyntaxException("condition does not compile: " + e.getMessage(), 0, 0);
      }
      CelIssue first = issues.get(0);
      int line = first.getSourceLocation().getLine();
      int column = first.getSourceLocation().getColumn() + 1;
      String more = issues.size() > 1 ? " (and " + (issues.size() - 1) + " more)" : "";
      throw new ConditionSyntaxException("condition does not compile: " + line + ":" + column + ": "
          + first.getMessage() + more, line, column);
    } catch (CelEvaluationException e) {
      // createProgram fails only on an environment mismatch; report it as a compile error of this condition
      throw new ConditionSyntaxException("condition cannot be planned: " + e.getMessage(), 0, 0);
    }
  }
}
