package dev.ops.cli;

import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ops image inspect}: an image's manifest and config, as stored. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print a local image's name, digest, OCI manifest and config as JSON.")
final class ImageInspectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(false);
    StoredImage stored = workspace.images.get(image);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("name", stored.name());
    document.put("digest", stored.manifestDigest());
    document.put("manifest", storedJson(workspace, stored.manifestDigest()));
    document.put("config", storedJson(workspace, stored.manifest().config().digest()));
    Output.printJson(document);
    return 0;
  }

  /** The stored bytes as a tree, so what is printed is what was pushed, not a re-mapping. */
  private static Object storedJson(Workspace workspace, String digest) {
    try {
      return Json.MAPPER.readTree(workspace.blobs.read(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
