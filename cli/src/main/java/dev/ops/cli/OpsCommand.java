package dev.ops.cli;

import dev.ops.core.OpsException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ops} command: build single-program VM images and run them. */
@Command(
    name = "ops",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Turns a Linux program into a single-application VM image and runs it.",
    subcommands = {
      RunCommand.class,
      BuildCommand.class,
      ImageCommand.class,
      InstanceCommand.class,
      KernelCommand.class,
      PackageCommand.class,
      EventsCommand.class,
      RunnerCommand.class,
      DeployCommand.class,
      CommandLine.HelpCommand.class
    })
public final class OpsCommand implements Runnable {

  /** Exit status when ops itself fails (bad input, missing tools, a VM that did not boot). */
  static final int OPS_FAILURE = 125;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new OpsCommand());
    commandLine.setExecutionExceptionHandler(OpsCommand::report);
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Errors the user can act on are printed as such, without a stack trace. */
  private static int report(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof OpsException ops) {
      err.println("ops: " + ops.getMessage());
      if (ops.hint() != null) {
        err.println("  " + ops.hint());
      }
    } else {
      err.println("ops: unexpected failure: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return OPS_FAILURE;
  }
}
