package dev.ops.events.build;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;
import java.util.List;
import java.util.Map;

/**
 * A command: build an image from blobs that are already in the registry. The requester (the CLI, a
 * CI pipeline) resolved the program's dependency closure and uploaded what the registry lacked, so
 * any builder can build any request without the requester's disk.
 *
 * @param buildId the build's id, chosen by the requester; a redelivered or repeated request with
 *     the same id is built once
 * @param image the image name and tag to push, such as {@code hello:1.0}
 * @param program the ELF to run; it keeps its path in the guest. Absent when {@code basePackage} is
 *     given: the package holds the program
 * @param libraries shared libraries of the closure, each at its real path
 * @param files other files the user added
 * @param symlinks links of the closure and the user's trees, recreated as links
 * @param args arguments after the program name
 * @param env environment of the program, in order
 * @param nameServers DNS servers for {@code /etc/resolv.conf}; empty means the VM network's own
 * @param kernel a kernel reference in the registry ({@code name:tag} or {@code name@digest});
 *     absent means the builder's default
 * @param requestedBy who asked, for people reading the events (a user, a pipeline)
 * @param basePackage the package the image is built on, whose layer goes in as it is, or absent;
 *     {@code args} and {@code env} are then already merged with the package's defaults
 */
public record BuildRequested(
    String buildId,
    String image,
    BlobFile program,
    List<BlobFile> libraries,
    List<BlobFile> files,
    List<Symlink> symlinks,
    List<String> args,
    Map<String, String> env,
    List<String> nameServers,
    String kernel,
    String requestedBy,
    PackageReference basePackage)
    implements EventPayload {

  public BuildRequested {
    Require.text(buildId, "buildId");
    Require.text(image, "image");
    if (basePackage == null) {
      Require.present(program, "program");
    }
    libraries = Require.list(libraries, "libraries");
    files = Require.list(files, "files");
    symlinks = Require.list(symlinks, "symlinks");
    args = Require.list(args, "args");
    env = Require.map(env, "env");
    nameServers = Require.list(nameServers, "nameServers");
    Require.optionalText(kernel, "kernel");
    Require.text(requestedBy, "requestedBy");
  }

  /** A request for an image of a program alone, without a package. */
  public BuildRequested(
      String buildId,
      String image,
      BlobFile program,
      List<BlobFile> libraries,
      List<BlobFile> files,
      List<Symlink> symlinks,
      List<String> args,
      Map<String, String> env,
      List<String> nameServers,
      String kernel,
      String requestedBy) {
    this(
        buildId,
        image,
        program,
        libraries,
        files,
        symlinks,
        args,
        env,
        nameServers,
        kernel,
        requestedBy,
        null);
  }

  @Override
  public String key() {
    return buildId;
  }
}
