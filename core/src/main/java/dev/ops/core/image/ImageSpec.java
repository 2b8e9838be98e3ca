package dev.ops.core.image;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user asked for: the program and everything that goes into the image with it. It is the
 * merge of an OPS {@code config.json} and the command-line flags (flags win).
 *
 * @param program the ELF to run, on the host
 * @param args arguments after the program name
 * @param env environment of the program, in order
 * @param files files to copy, each to the same relative path under the guest's root
 * @param dirs directories to copy whole, each under the guest's root by its own name
 * @param mapDirs host directories (or globs) to guest directories
 * @param libraryPaths extra directories to search for shared libraries
 * @param nameServers DNS servers for {@code /etc/resolv.conf}; empty means QEMU's
 * @param kernel kernel name or flavour; {@code null} means the default
 * @param workingDirectory host directory that relative {@code files} and {@code dirs} are in
 */
public record ImageSpec(
    Path program,
    List<String> args,
    Map<String, String> env,
    List<String> files,
    List<String> dirs,
    Map<String, String> mapDirs,
    List<String> libraryPaths,
    List<String> nameServers,
    String kernel,
    Path workingDirectory) {

  public ImageSpec {
    args = List.copyOf(args);
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    files = List.copyOf(files);
    dirs = List.copyOf(dirs);
    mapDirs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mapDirs));
    libraryPaths = List.copyOf(libraryPaths);
    nameServers = List.copyOf(nameServers);
  }

  public static ImageSpec of(Path program) {
    return new ImageSpec(
        program,
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        null,
        Path.of("").toAbsolutePath());
  }

  public ImageSpec withArgs(List<String> newArgs) {
    return new ImageSpec(
        program,
        newArgs,
        env,
        files,
        dirs,
        mapDirs,
        libraryPaths,
        nameServers,
        kernel,
        workingDirectory);
  }

  public ImageSpec withEnv(Map<String, String> newEnv) {
    return new ImageSpec(
        program,
        args,
        newEnv,
        files,
        dirs,
        mapDirs,
        libraryPaths,
        nameServers,
        kernel,
        workingDirectory);
  }

  public ImageSpec withKernel(String newKernel) {
    return new ImageSpec(
        program,
        args,
        env,
        files,
        dirs,
        mapDirs,
        libraryPaths,
        nameServers,
        newKernel,
        workingDirectory);
  }
}
