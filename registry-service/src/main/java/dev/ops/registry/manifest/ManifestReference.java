package dev.ops.registry.manifest;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Something a manifest needs: a blob (config or layer) or, from an index, another manifest. */
@Entity
@Table(name = "manifest_reference")
public class ManifestReference extends PanacheEntityBase {

  public static final String BLOB = "blob";
  public static final String MANIFEST = "manifest";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "manifest_id")
  public Long manifestId;

  public String digest;

  public String kind;
}
