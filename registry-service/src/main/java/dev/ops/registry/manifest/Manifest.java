package dev.ops.registry.manifest;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A manifest as pushed, byte for byte, in one repository. */
@Entity
@Table(name = "manifest")
public class Manifest extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "repository_id")
  public Long repositoryId;

  public String digest;

  @Column(name = "media_type")
  public String mediaType;

  @Column(name = "artifact_type")
  public String artifactType;

  @Column(name = "subject_digest")
  public String subjectDigest;

  public int size;

  @Basic(fetch = FetchType.EAGER)
  public byte[] content;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
