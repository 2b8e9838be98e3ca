package dev.ops.core.image;

import java.util.List;
import java.util.Map;

/**
 * The configuration blob of an image: what the runner needs to boot it, without opening its layers.
 * Holds no time stamps, so the same build gives the same digest.
 *
 * @param program absolute path of the program in the guest
 * @param args argv, program name first
 * @param env environment entries
 * @param kernelName the kernel the image was built for
 * @param kernelDigest sha256 of that kernel's vmlinux
 * @param minimumMemoryMib the least guest memory that holds the kernel and the unpacked layers
 * @param layers layer names in boot order, matching the manifest's layers
 */
public record ImageConfig(
    String program,
    List<String> args,
    Map<String, String> env,
    String kernelName,
    String kernelDigest,
    int minimumMemoryMib,
    List<String> layers) {

  public static final String MEDIA_TYPE = "application/vnd.ops.image.config.v1+json";
}
