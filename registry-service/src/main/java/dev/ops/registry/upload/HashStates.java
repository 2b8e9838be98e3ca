package dev.ops.registry.upload;

import dev.ops.registry.name.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running sha256 states of uploads in progress, so that a chunked upload is hashed as it arrives. A
 * state is only a shortcut: when it is missing (another instance took the earlier chunks, or the
 * registry restarted) the finished file is hashed from disk instead.
 */
@ApplicationScoped
public class HashStates {

  private record State(long offset, MessageDigest digest) {}

  private final Map<UUID, State> states = new ConcurrentHashMap<>();

  /** A digest to update with bytes appended at {@code offset}, if the state is known. */
  public Optional<MessageDigest> take(UUID upload, long offset) {
    if (offset == 0) {
      states.remove(upload);
      return Optional.of(Digest.newSha256());
    }
    State state = states.remove(upload);
    return state != null && state.offset() == offset
        ? Optional.of(state.digest())
        : Optional.empty();
  }

  public void keep(UUID upload, MessageDigest digest, long offset) {
    states.put(upload, new State(offset, digest));
  }

  /** The digest of the first {@code offset} bytes, if they were all hashed here. */
  public Optional<Digest> finish(UUID upload, long offset) {
    State state = states.remove(upload);
    if (state != null && state.offset() == offset) {
      return Optional.of(Digest.of(state.digest()));
    }
    return offset == 0 ? Optional.of(Digest.of(new byte[0])) : Optional.empty();
  }

  public void forget(UUID upload) {
    states.remove(upload);
  }
}
