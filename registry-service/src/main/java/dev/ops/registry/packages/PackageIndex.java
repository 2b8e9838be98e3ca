package dev.ops.registry.packages;

import dev.ops.registry.db.Sql;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.manifest.Manifest;
import dev.ops.registry.manifest.ManifestStore;
import dev.ops.registry.name.Reference;
import dev.ops.registry.name.RepositoryName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** Package rows, joined with the manifests they point at. Callers hold the transaction. */
@ApplicationScoped
public class PackageIndex {

  private static final String VIEW =
      "select new dev.ops.registry.packages.PackageView(p.name, p.version, p.architecture,"
          + " p.description, p.language, r.name, m.digest, m.artifactType, p.updatedAt)"
          + " from PackageEntry p, Manifest m, Repository r"
          + " where m.id = p.manifestId and r.id = m.repositoryId";
  private static final String ORDER = " order by p.name, p.version, p.architecture";

  @Inject ManifestStore manifests;

  /** Packages whose name or description contains {@code search}, ignoring case. */
  public Uni<List<PackageView>> search(
      String search, Optional<String> architecture, Optional<String> language) {
    return query(
        VIEW
            + " and (locate(?1, lower(p.name)) > 0 or locate(?1, lower(p.description)) > 0)"
            + " and (?2 = '' or p.architecture = ?2) and (?3 = '' or p.language = ?3)"
            + ORDER,
        search.toLowerCase(),
        architecture.orElse(""),
        language.orElse(""));
  }

  public Uni<List<PackageView>> versions(String name) {
    return query(VIEW + " and p.name = ?1" + ORDER, name);
  }

  public Uni<List<PackageView>> version(String name, String version, Optional<String> arch) {
    return query(
        VIEW + " and p.name = ?1 and p.version = ?2 and (?3 = '' or p.architecture = ?3)" + ORDER,
        name,
        version,
        arch.orElse(""));
  }

  /** Creates or updates the entry; returns true if it is new. */
  public Uni<Boolean> register(PackageRegistration registration) {
    RepositoryName repository = RepositoryName.parse(registration.repository());
    Reference reference = Reference.parse(registration.reference());
    return manifests
        .find(repository, reference)
        .map(
            found ->
                found.orElseThrow(
                    () ->
                        RegistryError.MANIFEST_UNKNOWN.because(
                            "manifest "
                                + repository
                                + ":"
                                + reference
                                + " does not exist; push the package's artifact first")))
        .chain(manifest -> upsert(registration, manifest));
  }

  public Uni<Boolean> remove(String name, String version, Optional<String> architecture) {
    return Sql.update(
            "delete from package where name = ?1 and version = ?2"
                + " and (?3 = '' or architecture = ?3)",
            name,
            version,
            architecture.orElse(""))
        .map(count -> count > 0);
  }

  private Uni<Boolean> upsert(PackageRegistration registration, Manifest manifest) {
    return Sql.list(
            "insert into package (name, version, architecture, description, language, manifest_id)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6)"
                + " on conflict (name, version, architecture) do update set"
                + " description = excluded.description, language = excluded.language,"
                + " manifest_id = excluded.manifest_id, updated_at = now()"
                + " returning (xmax = 0)",
            Boolean.class,
            registration.name(),
            registration.version(),
            registration.architecture(),
            registration.description(),
            registration.language(),
            manifest.id)
        .map(inserted -> inserted.get(0));
  }

  private static Uni<List<PackageView>> query(String hql, Object... parameters) {
    return Panache.getSession()
        .chain(
            session -> {
              var query = session.createSelectionQuery(hql, PackageView.class);
              for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
              }
              return query.getResultList();
            });
  }
}
