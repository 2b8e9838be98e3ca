package dev.ops.registry.manifest;

import dev.ops.registry.blob.Blob;
import dev.ops.registry.blob.BlobIndex;
import dev.ops.registry.blob.BlobLocks;
import dev.ops.registry.db.Sql;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import dev.ops.registry.name.Digest;
import dev.ops.registry.name.Reference;
import dev.ops.registry.name.RepositoryName;
import dev.ops.registry.repository.Repositories;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Manifests, their references and tags in the database. Callers hold the transaction. */
@ApplicationScoped
public class ManifestStore {

  @Inject Repositories repositories;
  @Inject BlobIndex blobs;

  public Uni<Optional<Manifest>> find(RepositoryName name, Reference reference) {
    String query =
        reference.isDigest()
            ? "select m from Manifest m, Repository r"
                + " where r.id = m.repositoryId and r.name = ?1 and m.digest = ?2"
            : "select m from Manifest m, Tag t, Repository r"
                + " where r.id = t.repositoryId and m.id = t.manifestId"
                + " and r.name = ?1 and t.name = ?2";
    return Manifest.<Manifest>find(query, name.value(), reference.toString())
        .firstResult()
        .map(Optional::ofNullable);
  }

  /** The bytes to serve for a tag or digest: one native query, no entity, on the hot path. */
  public Uni<Optional<ManifestContent>> content(RepositoryName name, Reference reference) {
    String sql =
        reference.isDigest()
            ? "select m.media_type, m.digest, m.content from manifest m"
                + " join repository r on r.id = m.repository_id"
                + " where r.name = ?1 and m.digest = ?2"
            : "select m.media_type, m.digest, m.content from tag t"
                + " join repository r on r.id = t.repository_id"
                + " join manifest m on m.id = t.manifest_id"
                + " where r.name = ?1 and t.name = ?2";
    return Sql.list(sql, Object[].class, name.value(), reference.toString())
        .map(
            rows ->
                rows.stream()
                    .findFirst()
                    .map(
                        row ->
                            new ManifestContent(
                                (String) row[0], (String) row[1], (byte[]) row[2])));
  }

  /**
   * Stores a manifest after checking that everything it references is in the repository (blobs
   * stored elsewhere in the registry are linked in, as a mount would), and points the tag at it.
   */
  public Uni<Manifest> put(
      RepositoryName name,
      Optional<String> tag,
      Digest digest,
      byte[] content,
      ManifestDocument document) {
    return repositories
        .idForPush(name)
        .call(repositoryId -> checkBlobs(repositoryId, document.blobs()))
        .call(repositoryId -> checkManifests(repositoryId, document.manifests()))
        .chain(repositoryId -> insert(repositoryId, digest, content, document))
        .call(manifest -> tag.map(t -> point(manifest, t)).orElse(Uni.createFrom().voidItem()));
  }

  public Uni<Boolean> delete(RepositoryName name, Reference reference) {
    String sql =
        reference.isDigest()
            ? "delete from manifest m using repository r"
                + " where r.id = m.repository_id and r.name = ?1 and m.digest = ?2"
            : "delete from tag t using repository r"
                + " where r.id = t.repository_id and r.name = ?1 and t.name = ?2";
    return Sql.update(sql, name.value(), reference.toString()).map(count -> count > 0);
  }

  private Uni<Void> checkBlobs(long repositoryId, List<Descriptor> descriptors) {
    List<Descriptor> distinct = distinctByDigest(descriptors);
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Descriptor descriptor : distinct) {
      chain = chain.chain(() -> checkBlob(repositoryId, descriptor));
    }
    return chain;
  }

  private Uni<Void> checkBlob(long repositoryId, Descriptor descriptor) {
    return BlobLocks.shared(descriptor.digest())
        .chain(() -> blobs.find(descriptor.digest()))
        .chain(
            blob -> {
              Blob found = blob.orElseThrow(() -> unknown(descriptor, "blob"));
              requireSize(descriptor, found.size);
              return blobs.link(repositoryId, descriptor.digest());
            });
  }

  private Uni<Void> checkManifests(long repositoryId, List<Descriptor> descriptors) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Descriptor descriptor : distinctByDigest(descriptors)) {
      chain =
          chain.chain(
              () ->
                  Manifest.<Manifest>find(
                          "repositoryId = ?1 and digest = ?2",
                          repositoryId,
                          descriptor.digest().value())
                      .firstResult()
                      .invoke(
                          manifest -> {
                            if (manifest == null) {
                              throw unknown(descriptor, "manifest");
                            }
                            requireSize(descriptor, manifest.size);
                          })
                      .replaceWithVoid());
    }
    return chain;
  }

  private Uni<Manifest> insert(
      long repositoryId, Digest digest, byte[] content, ManifestDocument document) {
    // Two pushes of the same manifest must not both insert it.
    return BlobLocks.exclusive(digest)
        .chain(
            () ->
                Manifest.<Manifest>find(
                        "repositoryId = ?1 and digest = ?2", repositoryId, digest.value())
                    .<Manifest>firstResult())
        .chain(
            (Manifest existing) ->
                existing != null
                    ? Uni.createFrom().item(existing)
                    : persist(repositoryId, digest, content, document));
  }

  private Uni<Manifest> persist(
      long repositoryId, Digest digest, byte[] content, ManifestDocument document) {
    Manifest manifest = new Manifest();
    manifest.repositoryId = repositoryId;
    manifest.digest = digest.value();
    manifest.mediaType = document.mediaType();
    manifest.artifactType = document.artifactType().orElse(null);
    manifest.subjectDigest = document.subject().map(s -> s.digest().value()).orElse(null);
    manifest.size = content.length;
    manifest.content = content;
    return manifest.<Manifest>persist().call(saved -> references(saved, document));
  }

  private Uni<Void> references(Manifest manifest, ManifestDocument document) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Descriptor blob : distinctByDigest(document.blobs())) {
      chain = chain.chain(() -> reference(manifest, blob, ManifestReference.BLOB));
    }
    for (Descriptor child : distinctByDigest(document.manifests())) {
      chain = chain.chain(() -> reference(manifest, child, ManifestReference.MANIFEST));
    }
    return chain;
  }

  private static Uni<Void> reference(Manifest manifest, Descriptor descriptor, String kind) {
    ManifestReference reference = new ManifestReference();
    reference.manifestId = manifest.id;
    reference.digest = descriptor.digest().value();
    reference.kind = kind;
    return reference.persist().replaceWithVoid();
  }

  private static Uni<Void> point(Manifest manifest, String tag) {
    return Sql.update(
            "insert into tag (repository_id, name, manifest_id) values (?1, ?2, ?3)"
                + " on conflict (repository_id, name)"
                + " do update set manifest_id = excluded.manifest_id, updated_at = now()",
            manifest.repositoryId,
            tag,
            manifest.id)
        .replaceWithVoid();
  }

  private static List<Descriptor> distinctByDigest(List<Descriptor> descriptors) {
    // Sorted, so that concurrent pushes take the digest locks in the same order.
    return descriptors.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                d -> d.digest().value(), d -> d, (first, second) -> first))
        .values()
        .stream()
        .sorted(Comparator.comparing(d -> d.digest().value()))
        .toList();
  }

  private static void requireSize(Descriptor descriptor, long actual) {
    if (descriptor.size() != actual) {
      throw RegistryError.MANIFEST_INVALID
          .because(
              "the manifest says "
                  + descriptor.digest()
                  + " has "
                  + descriptor.size()
                  + " bytes, but it has "
                  + actual)
          .withDetail("digest", descriptor.digest().value())
          .withDetail("size", actual);
    }
  }

  private static RegistryException unknown(Descriptor descriptor, String what) {
    return RegistryError.MANIFEST_BLOB_UNKNOWN
        .because(
            "the manifest references "
                + what
                + " "
                + descriptor.digest()
                + ", which this registry does not have; push it first")
        .withDetail("digest", descriptor.digest().value());
  }
}
