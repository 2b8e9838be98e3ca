package dev.ops.cli;

import dev.ops.core.registry.ImagePullResult;
import dev.ops.core.registry.ImagePushResult;
import dev.ops.core.registry.KernelPullResult;
import dev.ops.core.registry.PushResult;
import dev.ops.core.registry.TransferCount;
import java.util.LinkedHashMap;
import java.util.Map;

/** What pushes and pulls print: a few lines for people, one JSON document for scripts. */
final class RegistryOutput {

  private RegistryOutput() {}

  static void printImagePush(ImagePushResult result, boolean json) {
    if (json) {
      Map<String, Object> document = pushed(result.image());
      document.put("kernel", result.kernel().map(RegistryOutput::pushed).orElse(null));
      Output.printJson(document);
      return;
    }
    System.out.println("pushed " + result.image().reference() + " " + result.image().digest());
    System.out.println("  image: " + sent(result.image().blobs()));
    result
        .kernel()
        .ifPresent(k -> System.out.println("  kernel " + k.reference() + ": " + sent(k.blobs())));
  }

  static void printKernelPush(PushResult result, boolean json) {
    if (json) {
      Output.printJson(pushed(result));
      return;
    }
    System.out.println("pushed " + result.reference() + " " + result.digest());
    System.out.println("  " + sent(result.blobs()));
  }

  static void printImagePull(ImagePullResult result, boolean json) {
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", result.name());
      document.put("reference", result.reference().toString());
      document.put("digest", result.digest());
      document.put("blobs", counts(result.blobs()));
      document.put("kernel", result.kernel().map(RegistryOutput::kernelPulled).orElse(null));
      Output.printJson(document);
      return;
    }
    System.out.println("pulled " + result.reference() + " as " + result.name());
    System.out.println("  image: " + received(result.blobs()));
    result
        .kernel()
        .ifPresent(
            k ->
                System.out.println(
                    "  kernel "
                        + k.kernel().name()
                        + " from "
                        + k.reference()
                        + ": "
                        + received(k.blobs())));
  }

  static void printKernelPull(KernelPullResult result, boolean json) {
    if (json) {
      Output.printJson(kernelPulled(result));
      return;
    }
    if (result.alreadyLocal()) {
      System.out.println("kernel " + result.kernel().name() + " is already on this machine");
      return;
    }
    System.out.println("pulled kernel " + result.kernel().name() + " from " + result.reference());
    System.out.println("  " + received(result.blobs()));
  }

  static Map<String, Object> pushed(PushResult result) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("reference", result.reference().toString());
    document.put("digest", result.digest());
    document.put("blobs", counts(result.blobs()));
    return document;
  }

  private static Map<String, Object> kernelPulled(KernelPullResult result) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("name", result.kernel().name());
    document.put("digest", result.kernel().digest());
    document.put("reference", result.reference().toString());
    document.put("alreadyLocal", result.alreadyLocal());
    document.put("blobs", counts(result.blobs()));
    return document;
  }

  private static Map<String, Object> counts(TransferCount count) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("transferred", count.transferred());
    document.put("skipped", count.skipped());
    document.put("bytes", count.bytes());
    return document;
  }

  private static String sent(TransferCount count) {
    return count.transferred()
        + " blobs sent ("
        + Output.mebibytes(count.bytes())
        + "), "
        + count.skipped()
        + " already in the registry";
  }

  private static String received(TransferCount count) {
    return count.transferred()
        + " blobs received ("
        + Output.mebibytes(count.bytes())
        + "), "
        + count.skipped()
        + " already here";
  }
}
