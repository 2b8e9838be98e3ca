package dev.ops.core.kernel;

import dev.ops.core.OpsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Orders kernel modules so each comes after the modules it depends on, as {@code modprobe} would,
 * from the {@code depends=} lists found in each module's {@code .modinfo}.
 */
final class ModuleOrder {

  private ModuleOrder() {}

  /**
   * @param wanted module names in the order to try, when dependencies allow
   * @param dependencies a module's direct dependencies, or {@code null} for an unknown module
   */
  static List<String> of(List<String> wanted, Function<String, List<String>> dependencies) {
    List<String> ordered = new ArrayList<>();
    Set<String> visiting = new HashSet<>();
    for (String module : wanted) {
      visit(module, dependencies, visiting, ordered);
    }
    return ordered;
  }

  private static void visit(
      String module,
      Function<String, List<String>> dependencies,
      Set<String> visiting,
      List<String> ordered) {
    if (ordered.contains(module)) {
      return;
    }
    List<String> direct = dependencies.apply(module);
    if (direct == null) {
      throw new OpsException(
          "the kernel has no module named " + module,
          "this kernel package does not fit ops; choose another with --kernel");
    }
    if (!visiting.add(module)) {
      throw new OpsException("kernel modules depend on each other in a cycle at " + module);
    }
    for (String dependency : direct) {
      visit(dependency, dependencies, visiting, ordered);
    }
    visiting.remove(module);
    ordered.add(module);
  }
}
