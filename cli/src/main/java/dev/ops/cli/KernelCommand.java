package dev.ops.cli;

import dev.ops.core.kernel.Kernel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops kernel}: the guest kernels on this machine. */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    description = "List, fetch, remove, push and pull guest kernels.",
    subcommands = {
      KernelCommand.ListKernels.class,
      KernelCommand.GetKernel.class,
      KernelCommand.BuildKernel.class,
      KernelCommand.RemoveKernel.class,
      KernelPushCommand.class,
      KernelPullCommand.class
    })
final class KernelCommand {

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description = "List the kernels available locally.")
  static final class ListKernels implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      List<Kernel> kernels = workspace.kernels.list();
      if (json) {
        Output.printJson(kernels.stream().map(KernelCommand::summary).toList());
        return 0;
      }
      Output.printTable(
          List.of("NAME", "FLAVOUR", "VERSION", "MODULES", "DIGEST", "PATH"),
          kernels.stream()
              .map(
                  kernel ->
                      List.of(
                          kernel.name(),
                          kernel.flavour(),
                          kernel.version(),
                          Integer.toString(kernel.modules().size()),
                          Output.shortDigest(kernel.digest()),
                          kernel.vmlinux().toString()))
              .toList());
      if (kernels.isEmpty()) {
        System.err.println(
            "ops: no kernel yet in "
                + workspace.home.kernels()
                + "; the first build fetches one, or run 'ops kernel get'");
      }
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Make sure a kernel flavour is on this machine, fetching it if needed.")
  static final class GetKernel implements Callable<Integer> {

    @Parameters(
        arity = "0..1",
        paramLabel = "FLAVOUR",
        description = "minimal (default, built from Debian's linux-source) or stock")
    String flavour;

    @Override
    public Integer call() {
      Kernel kernel = Workspace.open(false).kernels.resolve(flavour);
      System.out.println(kernel.name() + " " + kernel.vmlinux());
      return 0;
    }
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Build ops' minimal kernel from Debian's linux-source-6.1 and kernel-config/,",
        "or find it already built for this configuration and source version."
      })
  static final class BuildKernel implements Callable<Integer> {

    @Override
    public Integer call() {
      Kernel kernel = Workspace.open(false).kernels.buildMinimal();
      System.out.println(kernel.name() + " " + kernel.vmlinux());
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a kernel.")
  static final class RemoveKernel implements Callable<Integer> {

    @Parameters(arity = "1", paramLabel = "KERNEL")
    String name;

    @Override
    public Integer call() {
      Workspace.open(false).kernels.store().remove(name);
      System.out.println("removed " + name);
      return 0;
    }
  }

  private static Map<String, Object> summary(Kernel kernel) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", kernel.name());
    summary.put("flavour", kernel.flavour());
    summary.put("version", kernel.version());
    summary.put("digest", kernel.digest());
    summary.put("vmlinux", kernel.vmlinux().toString());
    summary.put("modules", kernel.modules().stream().map(m -> m.name()).toList());
    return summary;
  }
}
