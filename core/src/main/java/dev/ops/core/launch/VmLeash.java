package dev.ops.core.launch;

import dev.ops.core.OpsException;
import dev.ops.core.util.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The small native helper QEMU is started through, so that it dies with its owner and runs in a
 * session of its own (see the guest module's README). It ships inside the jar and is written to the
 * ops home once per version, named by its digest.
 */
final class VmLeash {

  private static final String RESOURCE = "/dev/ops/host/vm-leash";

  private VmLeash() {}

  static Path install(Path binDirectory) {
    byte[] binary = readResource();
    Path target =
        binDirectory.resolve("vm-leash-" + Digests.hex(Digests.of(binary)).substring(0, 12));
    if (Files.isExecutable(target)) {
      return target;
    }
    try {
      Files.createDirectories(binDirectory);
      Path temporary = Files.createTempFile(binDirectory, ".vm-leash-", ".part");
      Files.write(temporary, binary);
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not install " + target, e);
    }
  }

  private static byte[] readResource() {
    try (InputStream in = VmLeash.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new OpsException(
            "the vm-leash helper is missing from the ops jar",
            "rebuild ops with 'mvn package' (the guest module compiles it with gcc)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
