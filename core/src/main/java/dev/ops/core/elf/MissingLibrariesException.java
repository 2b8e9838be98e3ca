package dev.ops.core.elf;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dynamic loader would not find some of the libraries a program needs. All of them are listed,
 * not just the first, so one round of installing fixes them all.
 */
public class MissingLibrariesException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient List<MissingLibrary> missing;

  public MissingLibrariesException(String program, String sysroot, List<MissingLibrary> missing) {
    super(messageFor(program, sysroot, missing));
    this.missing = List.copyOf(missing);
  }

  /** Each missing library, in the order the loader would have looked for them. */
  public List<MissingLibrary> missing() {
    return missing;
  }

  private static String messageFor(String program, String sysroot, List<MissingLibrary> missing) {
    String list = missing.stream().map(MissingLibrary::describe).collect(Collectors.joining("\n"));
    return "cannot find "
        + missing.size()
        + (missing.size() == 1 ? " library" : " libraries")
        + " that "
        + program
        + " needs (sysroot "
        + sysroot
        + "):\n"
        + list
        + "\nperhaps you should install the package that provides it, or add its directory"
        + " with Dirs/--lib-path";
  }
}
