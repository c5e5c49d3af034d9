package dev.verdict.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Pieces of a command model built in code, for the commands a CI gate runs most ({@code verify-artifact}): picocli
 * builds an annotated model by reflection, and Java parses annotations through generated proxy classes that
 * class-data sharing cannot keep in Java 17, a large share of a short run. The annotated mixins stay the source of
 * the other commands; {@code CodeModelTest} holds each code-built part equal to its annotated twin.
 */
final class CodeModel {
  private CodeModel() {}

  /** A field as picocli reads and writes it. */
  static <T> Binding<T> field(Supplier<T> get, Consumer<T> set) {
    return new Binding<>(get, set);
  }

  /** An option of {@code type} bound to a field; its current value is its initial value, as picocli records it. */
  static <T> OptionSpec.Builder option(Class<? super T> type, Binding<T> field, String paramLabel, String description,
      String... names) {
    OptionSpec.Builder b = OptionSpec.builder(names).type(type).getter(field).setter(field)
        .description(description).descriptionKey("").initialValue(field.get()).hasInitialValue(true);
    if (paramLabel != null) {
      b.paramLabel(paramLabel);
    }
    return b;
  }

  /**
   * The usage message's "Exit codes" list: {@code meanings[i]} is what exit code {@code i} means, as an annotated
   * {@code exitCodeList = {"0:...", ...}} with {@code exitCodeListHeading = "%nExit codes:%n"} gives it.
   */
  static void exitCodes(CommandSpec spec, String... meanings) {
    Map<String, String> list = new LinkedHashMap<>();
    for (int i = 0; i < meanings.length; i++) {
      list.put(Integer.toString(i), meanings[i]);
    }
    spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
  }

  /** A mixin named {@code name} holding the options {@code options} adds, as an annotated {@code @Mixin} field. */
  static void mixin(CommandSpec command, String name, Consumer<CommandSpec> options) {
    CommandSpec m = CommandSpec.create();
    options.accept(m);
    command.addMixin(name, m);
  }

  /** {@code -h/--help} and {@code -V/--version}, as {@code mixinStandardHelpOptions = true} adds them. */
  static void standardHelp(CommandSpec spec) {
    CommandSpec help = CommandSpec.create();
    help.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).descriptionKey("mixinStandardHelpOptions.help")
        .description("Show this help message and exit.").type(boolean.class).initialValue(false).build());
    help.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .descriptionKey("mixinStandardHelpOptions.version").description("Print version information and exit.")
        .type(boolean.class).initialValue(false).build());
    spec.addMixin("mixinStandardHelpOptions", help);
  }

  static final class Binding<T> implements IGetter, ISetter {
    private final Supplier<T> get;
    private final Consumer<T> set;

    Binding(Supplier<T> get, Consumer<T> set) {
      this.get = get;
      this.set = set;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R get() {
      return (R) get.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R set(R value) {
      R old = (R) get.get();
      set.accept((T) value);
      return old;
    }
  }
}
