package dev.ops.cli;

import dev.ops.core.image.ImageStore.StoredImage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops image}: the local image store. */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = "List, inspect, remove, push and pull images.",
    subcommands = {
      ImageCommand.ListImages.class,
      ImageCommand.RemoveImages.class,
      ImageInspectCommand.class,
      ImagePushCommand.class,
      ImagePullCommand.class
    })
final class ImageCommand {

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description = "List local images.")
  static final class ListImages implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      List<StoredImage> images = Workspace.open(false).images.list();
      if (json) {
        Output.printJson(images.stream().map(Output::imageSummary).toList());
        return 0;
      }
      Output.printTable(
          List.of("NAME", "DIGEST", "SIZE", "KERNEL", "MIN MEMORY", "CREATED"),
          images.stream()
              .map(
                  image ->
                      List.of(
                          image.name(),
                          Output.shortDigest(image.manifestDigest()),
                          Output.mebibytes(image.manifest().totalLayerSize()),
                          image.config().kernelName(),
                          image.config().minimumMemoryMib() + " MiB",
                          image.created().toString()))
              .toList());
      return 0;
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Remove images, and the layers no other image uses.")
  static final class RemoveImages implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      for (String name : names) {
        workspace.images.remove(name, workspace.packages.digestsInUse());
        System.out.println("removed " + name);
      }
      return 0;
    }
  }
}
