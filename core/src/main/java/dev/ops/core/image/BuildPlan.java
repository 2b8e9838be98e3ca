package dev.ops.core.image;

import dev.ops.core.blob.BlobDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What goes into an image, whatever it came from: made locally from an {@link ImageSpec} (the files
 * are read where the closure found them) or from blobs a builder downloaded (the files are read
 * from its cache). {@link ImageBuilder#build(BuildPlan, String)} lays the same plan out the same
 * way, so the same contents give the same digests by either road.
 *
 * @param programPath the program's path in the guest as the user named it: argv[0], and what the
 *     init executes
 * @param program the program's file, at its link-free guest path (which {@code programPath} reaches
 *     through {@code symlinks})
 * @param args arguments after the program name
 * @param env the program's environment, in order, complete ({@code LD_LIBRARY_PATH} included)
 * @param libraries shared libraries of the closure, each at its link-free guest path
 * @param files the user's files and directories; links belong in {@code symlinks}
 * @param symlinks every link of the closure and of the user's trees
 * @param nameServers DNS servers for {@code /etc/resolv.conf}; empty means the VM network's own
 * @param kernel kernel name or flavour in the local catalogue; {@code null} means the default
 * @param packageLayer the package the image is built on, whose layer goes in as it is; {@code null}
 *     for an image of a program alone. With a package, {@code program} may be {@code null}: the
 *     package holds it.
 */
public record BuildPlan(
    String programPath,
    LayerEntry.HostFile program,
    List<String> args,
    Map<String, String> env,
    List<LayerEntry.HostFile> libraries,
    List<LayerEntry> files,
    List<LayerEntry.Symlink> symlinks,
    List<String> nameServers,
    String kernel,
    PackageLayer packageLayer) {

  /** A package's layer in an image: its blob, and the package for people. */
  public record PackageLayer(String name, String version, BlobDescriptor layer) {}

  public BuildPlan {
    programPath = GuestPaths.normalize(programPath);
    args = List.copyOf(args);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    libraries = List.copyOf(libraries);
    files = List.copyOf(files);
    symlinks = List.copyOf(symlinks);
    nameServers = List.copyOf(nameServers);
    if (files.stream().anyMatch(LayerEntry.Symlink.class::isInstance)) {
      throw new IllegalArgumentException("links belong in symlinks, not in files");
    }
    if (program == null && packageLayer == null) {
      throw new IllegalArgumentException("a plan without a package needs the program's file");
    }
  }

  /** A plan for a program alone, without a package. */
  public BuildPlan(
      String programPath,
      LayerEntry.HostFile program,
      List<String> args,
      Map<String, String> env,
      List<LayerEntry.HostFile> libraries,
      List<LayerEntry> files,
      List<LayerEntry.Symlink> symlinks,
      List<String> nameServers,
      String kernel) {
    this(programPath, program, args, env, libraries, files, symlinks, nameServers, kernel, null);
  }

  /**
   * A plan from files already on this machine, such as blobs in a builder's cache. The program's
   * file goes where {@code program}'s path leads through {@code symlinks}, which is where the
   * dependency closure puts it in a local build.
   */
  public static BuildPlan fromFiles(
      LayerEntry.HostFile program,
      List<String> args,
      Map<String, String> env,
      List<LayerEntry.HostFile> libraries,
      List<LayerEntry.HostFile> files,
      List<LayerEntry.Symlink> symlinks,
      List<String> nameServers,
      String kernel) {
    String realPath = GuestLinks.of(symlinks).resolve(program.guestPath());
    return new BuildPlan(
        program.guestPath(),
        program.at(realPath),
        args,
        env,
        libraries,
        List.copyOf(files),
        symlinks,
        nameServers,
        kernel);
  }

  /** argv as the program receives it: its path, then the arguments. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>();
    argv.add(programPath);
    argv.addAll(args);
    return argv;
  }

  /** The same plan with another kernel (a name or flavour of the local catalogue). */
  public BuildPlan withKernel(String newKernel) {
    return new BuildPlan(
        programPath,
        program,
        args,
        env,
        libraries,
        files,
        symlinks,
        nameServers,
        newKernel,
        packageLayer);
  }
}
