package dev.ops.registry.http;

/**
 * The error codes of the OCI Distribution Specification with their usual HTTP status, plus the few
 * the registry needs beyond it.
 */
public enum RegistryError {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests"),
  /** The package index (not part of the OCI specification): a malformed registration. */
  PACKAGE_INVALID(400, "package registration invalid"),
  /** The package index: no such package, version or architecture. */
  PACKAGE_UNKNOWN(404, "package unknown to registry"),
  /** Not in the specification's table; CNCF Distribution uses it for server faults. */
  UNKNOWN(500, "unknown error");

  private final int status;
  private final String summary;

  RegistryError(int status, String summary) {
    this.status = status;
    this.summary = summary;
  }

  public int status() {
    return status;
  }

  public String summary() {
    return summary;
  }

  public RegistryException because(String message) {
    return new RegistryException(this, status, message);
  }
}
