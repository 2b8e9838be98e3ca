package dev.ops.core.registry;

import java.util.List;
import java.util.Map;

/** What to do about a registry's refusal, by the spec's error code or else by status. */
final class RegistryHints {

  private static final Map<String, String> BY_CODE =
      Map.ofEntries(
          Map.entry(
              "NAME_UNKNOWN",
              "check the repository name; it exists once something has been pushed to it"),
          Map.entry(
              "MANIFEST_UNKNOWN",
              "check the tag or digest; nothing was pushed under it (or it was deleted)"),
          Map.entry(
              "BLOB_UNKNOWN",
              "the registry lost a blob a manifest refers to: push the artifact again"),
          Map.entry(
              "MANIFEST_BLOB_UNKNOWN",
              "a blob the manifest refers to is not in the registry: push the artifact again"),
          Map.entry(
              "DIGEST_INVALID",
              "the bytes sent do not match their digest: a local file changed while it was sent,"
                  + " or something between altered it; try again"),
          Map.entry(
              "SIZE_INVALID",
              "the bytes sent do not match their size: a local file changed while it was sent;"
                  + " try again"),
          Map.entry(
              "BLOB_UPLOAD_UNKNOWN", "the registry forgot the upload (it expired): try again"),
          Map.entry("BLOB_UPLOAD_INVALID", "the upload went wrong: try again"),
          Map.entry("NAME_INVALID", "use lower-case names like team/hello"),
          Map.entry("TAG_INVALID", "tags are up to 128 letters, digits, '_', '.' and '-'"),
          Map.entry(
              "MANIFEST_INVALID",
              "the registry refuses this manifest; it may not accept this artifact type"),
          Map.entry(
              "UNSUPPORTED", "this registry does not support the operation (or has it disabled)"),
          Map.entry("TOOMANYREQUESTS", "the registry limits the request rate: try again later"));

  private RegistryHints() {}

  static String forErrors(int status, List<RegistryError> errors) {
    for (RegistryError error : errors) {
      String hint = BY_CODE.get(error.code());
      if (hint != null) {
        return hint;
      }
    }
    return forStatus(status);
  }

  private static String forStatus(int status) {
    if (status == 404) {
      return "check the registry, repository and tag";
    }
    if (status == 405) {
      return "this registry does not allow the operation (deletes are often disabled)";
    }
    if (status == 413) {
      return "the registry refuses bodies this large; ask its operator to raise the limit";
    }
    if (status == 429) {
      return "the registry limits the request rate: try again later";
    }
    if (status >= 500) {
      return "the registry failed: try again later, or see the registry's log";
    }
    return null;
  }
}
